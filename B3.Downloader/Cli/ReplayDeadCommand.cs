using System.CommandLine;
using B3.Core.Ingestion;
using Npgsql;

namespace B3.Downloader.Cli;

/// <summary><c>replay-dead [--key …] [--dataset …] [--from …] [--to …] [--include-failed] [--dry-run]</c>: dead jobs back in the queue.</summary>
internal static class ReplayDeadCommand
{
    public const string Name = "replay-dead";

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var key = CliOptions.ObjectKey("Only the jobs of this object key, e.g. b3/trades/2025-12-05.csv.");
        var dataset = CliOptions.Dataset("Only jobs of this dataset");
        var from = CliOptions.OptionalDate("--from", "Only jobs of files dated this day or later (yearly files have no date and are left out).");
        var to = CliOptions.OptionalDate("--to", "Only jobs of files dated this day or earlier.");
        var includeFailed = CliOptions.Flag("--include-failed", "Also replay failed jobs (files the Processor rejected), e.g. after a parser fix.");
        var dryRun = CliOptions.Flag("--dry-run", "Only print the jobs that would be replayed.");

        var command = new Command(Name,
            "Put dead ingestion jobs back in the queue with their attempts reset; the Processor runs them at once. " +
            "Prints the key of each replayed job. Needs ConnectionStrings__b3db besides the storage variables.")
        {
            key, dataset, from, to, includeFailed, dryRun,
        };
        command.SetAction((parse, cancellationToken) => globals.WithHostAsync(context, parse, async host =>
        {
            var filter = new JobFilter(parse.GetValue(key), CliOptions.Datasets(parse, dataset), parse.GetValue(from), parse.GetValue(to));
            var dry = parse.GetValue(dryRun);
            IReadOnlyList<QueuedJob> jobs;
            try
            {
                jobs = await new JobMaintenance(host.Services.GetRequiredService<NpgsqlDataSource>())
                    .ReplayAsync(filter, parse.GetValue(includeFailed), dry, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failed;
            }

            foreach (var job in jobs)
            {
                await context.Output.WriteLineAsync(job.Key);
                await context.Error.WriteLineAsync($"{(dry ? "would replay" : "replayed")} job {job.Id} ({job.PreviousStatus}) {job.Key} etag {job.ETag}");
            }

            await context.Error.WriteLineAsync($"{jobs.Count} job(s) {(dry ? "would be" : "were")} put back in the queue");
            return ExitCodes.Done;
        }, cancellationToken, database: true));
        return command;
    }
}
