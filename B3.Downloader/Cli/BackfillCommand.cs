using System.CommandLine;
using B3.Downloader.Ingestion;
using Spectre.Console;

namespace B3.Downloader.Cli;

/// <summary><c>backfill --from --to [--dataset …]</c>: every trading day of a range, resumable, with a progress bar.</summary>
internal static class BackfillCommand
{
    private const int DefaultParallelism = 4;
    private const int MaxParallelism = 16;

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var from = CliOptions.RequiredDate("--from", "First day of the range.");
        var to = CliOptions.RequiredDate("--to", "Last day of the range (inclusive).");
        var dataset = CliOptions.Dataset("Dataset to backfill", "B3 serves ibov and corporate-actions without history (only the current portfolio and corporate events), so only the last trading day of the range is tried for them.");
        var force = CliOptions.Flag("--force", "Download keys that are already stored again; upload only those whose SHA-256 changed.");
        var keepLocal = CliOptions.Flag("--keep-local", "Keep the downloaded files in DOWNLOADER_WORK_DIR after the upload.");
        var yearly = CliOptions.Flag("--yearly", "COTAHIST: fetch each complete year as one COTAHIST_Ayyyy.ZIP (b3/cotahist/<yyyy>.zip) instead of daily files. Years before 2014 are always yearly.");
        var parallelism = new Option<int>("--parallelism", "-p")
        {
            Description = $"Files downloaded at once (1–{MaxParallelism}).",
            DefaultValueFactory = _ => DefaultParallelism,
        };
        parallelism.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxParallelism)
            {
                result.AddError($"--parallelism must be between 1 and {MaxParallelism}.");
            }
        });

        var command = new Command("backfill", "Download and store every trading day of a range. Resumable: a key already stored (with its SHA-256) is skipped unless --force. Prints each stored key at the end.")
        {
            from, to, dataset, force, keepLocal, yearly, parallelism,
        };
        command.SetAction((parse, cancellationToken) => globals.WithHostAsync(context, parse, async host =>
        {
            var runner = host.Services.GetRequiredService<BackfillRunner>();
            BackfillPlan plan;
            try
            {
                plan = runner.Plan(parse.GetValue(from), parse.GetValue(to), CliOptions.Datasets(parse, dataset), parse.GetValue(yearly));
            }
            catch (ArgumentException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            var options = new DownloadOptions { Force = parse.GetValue(force), KeepLocal = parse.GetValue(keepLocal) };
            var results = await WithProgressAsync(context, plan, onDone => runner.RunAsync(plan, options, parse.GetValue(parallelism), onDone, cancellationToken));

            foreach (var result in results.Where(r => r.Status != DownloadStatus.Stored && r.Status != DownloadStatus.AlreadyStored))
            {
                CliOptions.Report(context, result);
            }

            foreach (var result in results.Where(r => r.Status == DownloadStatus.Stored).OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                CliOptions.Report(context, result);
            }

            await context.Error.WriteLineAsync(
                $"backfill {plan.From:yyyy-MM-dd}..{plan.To:yyyy-MM-dd}: {Count(DownloadStatus.Stored)} stored, {Count(DownloadStatus.AlreadyStored)} already stored, " +
                $"{Count(DownloadStatus.Skipped)} skipped, {Count(DownloadStatus.Pending)} not final, {Count(DownloadStatus.Failed)} failed");
            return CliOptions.ExitCodeOf(results);

            int Count(DownloadStatus status) => results.Count(r => r.Status == status);
        }, cancellationToken));
        return command;
    }

    /// <summary>Runs the backfill under a progress bar drawn on standard error (plain progress lines when that is not a terminal).</summary>
    private static async Task<IReadOnlyList<DownloadResult>> WithProgressAsync(
        CliContext context, BackfillPlan plan, Func<Action<DownloadResult>, Task<IReadOnlyList<DownloadResult>>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"backfill {plan.Requests.Count} files", maxValue: Math.Max(1, plan.Requests.Count));
                var results = await run(_ => task.Increment(1));
                task.Value = task.MaxValue;
                return results;
            });
    }
}
