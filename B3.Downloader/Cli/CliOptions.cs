using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using B3.Core.Storage;
using B3.Downloader.Ingestion;

namespace B3.Downloader.Cli;

/// <summary>The options every command has (<c>--env</c>, <c>--verbose</c>); one set per parse.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Environment { get; } = new Option<string?>("--env")
    {
        Description = "Storage to use: development (MinIO / local S3, LOCAL_R2_*) or production (Cloudflare R2, R2_*). Overrides ENVIRONMENT.",
        HelpName = "development|production",
        Recursive = true,
    }.AcceptOnlyFromAmong(StorageSettings.Development, StorageSettings.Production);

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log every download, upload, delete and retry (to standard error).",
        Recursive = true,
    };

    /// <summary>Runs a command with its services; a configuration problem at start is a usage error (exit 2).</summary>
    /// <param name="database">Also the database (ConnectionStrings__b3db), created and migrated at start; unreachable is exit 1.</param>
    public async Task<int> WithHostAsync(CliContext context, ParseResult parse, Func<IHost, Task<int>> run, CancellationToken cancellationToken, bool database = false)
    {
        IHost host;
        try
        {
            host = await CliHost.StartAsync(context, parse.GetValue(Environment), parse.GetValue(Verbose), cancellationToken, database);
        }
        catch (Exception e) when (CliHost.IsDatabaseError(e))
        {
            await context.Error.WriteLineAsync($"error: PostgreSQL (ConnectionStrings__b3db) failed: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (CliHost.IsConfigurationError(e))
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        using (host)
        {
            try
            {
                return await run(host);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
    }
}

/// <summary>Option factories the commands share, and how a command reports what became of each file.</summary>
internal static class CliOptions
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary><c>--dataset</c>, described as "<paramref name="what"/>: every dataset's name, or all of them (default)." and <paramref name="note"/>.</summary>
    public static Option<string> Dataset(string what, string? note = null) => new Option<string>("--dataset", "-d")
    {
        Description = $"{what}: {DatasetSelection.List}, or {DatasetSelection.All} of them (default).{(note is null ? string.Empty : " " + note)}",
        HelpName = DatasetSelection.Choices,
        DefaultValueFactory = _ => DatasetSelection.All,
    }.AcceptOnlyFromAmong(DatasetSelection.Names);

    public static Option<DateOnly> RequiredDate(string name, string description) => new(name)
    {
        Description = description,
        HelpName = DateFormat,
        Required = true,
        CustomParser = result => ParseDate(result, name) ?? default,
    };

    public static Option<DateOnly?> OptionalDate(string name, string description) => new(name)
    {
        Description = description,
        HelpName = DateFormat,
        CustomParser = result => ParseDate(result, name),
    };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary><c>--key</c>: one object key, e.g. <c>b3/trades/2025-12-05.csv</c>.</summary>
    public static Option<string?> ObjectKey(string description) => new("--key") { Description = description, HelpName = "object key" };

    public static IReadOnlyList<B3.Core.Datasets.Dataset> Datasets(ParseResult parse, Option<string> option) =>
        DatasetSelection.TryParse(parse.GetValue(option), out var datasets) ? datasets : [];

    /// <summary>Prints a result: the key of a stored object on standard output, anything else on standard error.</summary>
    public static void Report(CliContext context, DownloadResult result)
    {
        var what = $"{result.DatasetName} {result.Date:yyyy-MM-dd}";
        lock (context.Output)
        {
            switch (result.Status)
            {
                case DownloadStatus.Stored:
                    context.Output.WriteLine(result.Key);
                    if (result.LocalPath is not null)
                    {
                        context.Error.WriteLine($"kept {result.LocalPath}");
                    }

                    break;
                case DownloadStatus.AlreadyStored:
                    context.Error.WriteLine($"unchanged {result.Key}: {result.Message}");
                    break;
                case DownloadStatus.Skipped:
                    context.Error.WriteLine($"skipped {what}: {result.Message}");
                    break;
                case DownloadStatus.Pending:
                    context.Error.WriteLine($"not final {what}: {result.Message}");
                    break;
                default:
                    context.Error.WriteLine($"error: {what}: {result.Message}");
                    break;
            }
        }
    }

    public static int ExitCodeOf(IEnumerable<DownloadResult> results) => results.Any(r => r.IsMissing) ? ExitCodes.Failed : ExitCodes.Done;

    private static DateOnly? ParseDate(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"{name} must be a date in {DateFormat} form, not '{text}'.");
        return null;
    }
}

/// <summary>DESIGN.md §5's exit codes.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
