using System.CommandLine;
using System.Globalization;
using B3.Core.Storage;

namespace B3.Downloader.Cli;

/// <summary><c>list [--dataset …] [--from …] [--to …]</c>: what is stored, one object per line.</summary>
internal static class ListCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var dataset = CliOptions.Dataset("Dataset to list");
        var from = CliOptions.OptionalDate("--from", "List only objects of this day or later.");
        var to = CliOptions.OptionalDate("--to", "List only objects of this day or earlier.");

        var command = new Command("list", "List the stored objects: key, size in bytes and upload time (UTC), tab-separated, in key order.")
        {
            dataset, from, to,
        };
        command.SetAction((parse, cancellationToken) => globals.WithHostAsync(context, parse, async host =>
        {
            var storage = host.Services.GetRequiredService<IObjectStorage>();
            var count = 0;
            foreach (var each in CliOptions.Datasets(parse, dataset))
            {
                await foreach (var item in storage.ListAsync(each, parse.GetValue(from), parse.GetValue(to), cancellationToken))
                {
                    count++;
                    await context.Output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture, $"{item.Key.Key}\t{item.Size}\t{item.LastModified.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
                }
            }

            await context.Error.WriteLineAsync($"{count} object(s) in bucket {storage.BucketName}");
            return ExitCodes.Done;
        }, cancellationToken));
        return command;
    }
}
