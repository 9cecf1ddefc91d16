using System.CommandLine;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Storage;
using Npgsql;

namespace B3.Downloader.Cli;

/// <summary><c>reprocess --key … | --from … --to … [--dataset …] [--dry-run]</c>: load stored objects again.</summary>
internal static class ReprocessCommand
{
    public const string Name = "reprocess";

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var key = CliOptions.ObjectKey("The object to load again, e.g. b3/instruments/2025-12-05.csv.");
        var dataset = CliOptions.Dataset("With --from/--to: the dataset to load again");
        var from = CliOptions.OptionalDate("--from", "Load again every stored object dated this day or later (with --to).");
        var to = CliOptions.OptionalDate("--to", "Load again every stored object dated this day or earlier (with --from).");
        var dryRun = CliOptions.Flag("--dry-run", "Only print the objects that would be queued.");

        var command = new Command(Name,
            "Queue stored objects for the Processor again (their current version in the bucket), whatever their last job ended as: " +
            "one object with --key, or every object of a date range with --from and --to. Prints each queued key. " +
            "Needs ConnectionStrings__b3db and the storage variables.")
        {
            key, dataset, from, to, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var single = parse.GetValue(key);
            DateOnly? first = parse.GetValue(from), last = parse.GetValue(to);
            var valid = single is not null ? first is null && last is null : first is not null && last is not null;
            if (!valid)
            {
                await context.Error.WriteLineAsync("error: give either --key, or both --from and --to.");
                return ExitCodes.Usage;
            }

            return await globals.WithHostAsync(context, parse, async host =>
            {
                var storage = host.Services.GetRequiredService<IObjectStorage>();
                var keys = host.Services.GetRequiredService<ObjectKeys>();
                var jobs = new JobMaintenance(host.Services.GetRequiredService<NpgsqlDataSource>());
                var objects = new List<StoredObjectSummary>();
                try
                {
                    if (single is not null)
                    {
                        if (!keys.TryParse(single, out var parsed))
                        {
                            await context.Error.WriteLineAsync($"error: '{single}' is not the key of a known dataset (b3/<dataset>/<yyyy-mm-dd>.<ext>).");
                            return ExitCodes.Usage;
                        }

                        if (await storage.GetInfoAsync(single, cancellationToken) is not { } info)
                        {
                            await context.Error.WriteLineAsync($"error: {single} is not in bucket {storage.BucketName}.");
                            return ExitCodes.Failed;
                        }

                        objects.Add(new StoredObjectSummary(parsed, info.Size, info.ETag, info.LastModified));
                    }
                    else
                    {
                        foreach (var each in CliOptions.Datasets(parse, dataset))
                        {
                            objects.AddRange(await storage.ListAsync(each, first, last, cancellationToken).ToListAsync(cancellationToken));
                        }
                    }

                    var queued = 0;
                    foreach (var item in objects)
                    {
                        if (parse.GetValue(dryRun))
                        {
                            await context.Output.WriteLineAsync(item.Key.Key);
                            continue;
                        }

                        if (await jobs.ReprocessAsync(storage.BucketName, item.Key, item.ETag, item.Size, cancellationToken) is { } job)
                        {
                            queued++;
                            await context.Output.WriteLineAsync(item.Key.Key);
                            await context.Error.WriteLineAsync($"queued job {job.Id} ({job.PreviousStatus}) {item.Key.Key} etag {item.ETag}");
                        }
                        else
                        {
                            await context.Error.WriteLineAsync($"skipped {item.Key.Key}: its job is being processed right now");
                        }
                    }

                    await context.Error.WriteLineAsync(parse.GetValue(dryRun)
                        ? $"{objects.Count} object(s) would be queued"
                        : $"{queued} of {objects.Count} object(s) queued");
                    return ExitCodes.Done;
                }
                catch (Exception e) when (e is StorageException or NpgsqlException)
                {
                    await context.Error.WriteLineAsync($"error: {e.Message}");
                    return ExitCodes.Failed;
                }
            }, cancellationToken, database: true);
        });
        return command;
    }
}
