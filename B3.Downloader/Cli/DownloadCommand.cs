using System.CommandLine;
using B3.Core.Calendar;
using B3.Downloader.Ingestion;

namespace B3.Downloader.Cli;

/// <summary><c>download --date yyyy-mm-dd [--dataset …] [--force] [--keep-local]</c>: one trading day.</summary>
internal static class DownloadCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var date = CliOptions.RequiredDate("--date", "Trading day to download (B3's files of that day).");
        var dataset = CliOptions.Dataset("Dataset to download");
        var force = CliOptions.Flag("--force", "Download even when the date is not a B3 trading day (a weekend or holiday is otherwise skipped with exit 0).");
        var keepLocal = CliOptions.Flag("--keep-local", "Keep the downloaded file in DOWNLOADER_WORK_DIR after the upload (a rejected file too, as *.part).");

        var command = new Command("download", "Download one day's B3 files, check them and store them under b3/<dataset>/<yyyy-mm-dd>.<ext>, replacing what is there. Prints each stored key.")
        {
            date, dataset, force, keepLocal,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var day = parse.GetValue(date);
            var options = new DownloadOptions { Force = parse.GetValue(force), KeepLocal = parse.GetValue(keepLocal) };
            if (!options.Force && !TradingCalendar.B3.Covers(day))
            {
                context.Error.WriteLine($"error: the B3 trading calendar covers {TradingCalendar.B3.FirstYear}–{TradingCalendar.B3.LastYear}; use --force to download {day:yyyy-MM-dd}.");
                return Task.FromResult(ExitCodes.Usage);
            }

            if (!options.Force && TradingCalendar.B3.NonTradingReason(day) is { } reason)
            {
                context.Error.WriteLine($"skipped {day:yyyy-MM-dd}: {DatasetDownloader.NotTradingMessage(day, reason)}");
                return Task.FromResult(ExitCodes.Done);
            }

            return globals.WithHostAsync(context, parse, async host =>
            {
                var downloader = host.Services.GetRequiredService<DatasetDownloader>();
                var results = new List<DownloadResult>();
                foreach (var each in CliOptions.Datasets(parse, dataset))
                {
                    var result = await downloader.DownloadAsync(new DownloadRequest(each, day), options, cancellationToken);
                    CliOptions.Report(context, result);
                    results.Add(result);
                }

                return CliOptions.ExitCodeOf(results);
            }, cancellationToken);
        });
        return command;
    }
}
