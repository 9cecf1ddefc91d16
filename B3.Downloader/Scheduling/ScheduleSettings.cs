using System.Globalization;
using B3.Core.Datasets;

namespace B3.Downloader.Scheduling;

/// <summary>The scheduled worker's timing, from environment variables.</summary>
public sealed class ScheduleSettings
{
    public const string EnabledVariable = "DOWNLOADER_SCHEDULE_ENABLED";
    public const string TimeVariable = "DOWNLOADER_SCHEDULE_TIME";
    public const string CatchUpDaysVariable = "DOWNLOADER_CATCHUP_DAYS";
    public const string RetryIntervalVariable = "DOWNLOADER_RETRY_INTERVAL";
    public const string AlertTimeVariable = "DOWNLOADER_ALERT_TIME";
    public const string CorporateActionsTimeVariable = "DOWNLOADER_CORPORATE_ACTIONS_TIME";
    public const string Off = "off";

    /// <summary>Off: the server only answers the manual triggers.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Local time in America/Sao_Paulo at which each trading day's files are fetched (COTAHIST appears ~22:10).</summary>
    public TimeOnly Time { get; init; } = new(23, 0);

    /// <summary>
    /// When the day's corporate-actions snapshot is fetched (São Paulo time): after the close, and early enough that an
    /// hour or two of paced calls ends before <see cref="AlertTime"/>.
    /// </summary>
    public TimeOnly CorporateActionsTime { get; init; } = new(19, 0);

    /// <summary>Every time of day a run starts at.</summary>
    public IEnumerable<TimeOnly> Times => [Time, CorporateActionsTime];

    /// <summary>How many trading days back each run (and the start) checks for missing objects.</summary>
    public int CatchUpDays { get; init; } = 7;

    /// <summary>After a run that left something missing (partial file, B3 down), the next try comes this soon.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Local time in America/Sao_Paulo by which each trading day's files must be stored; later, each missing one is
    /// alerted (<c>download-missing:&lt;date&gt;</c>). Null (<c>DOWNLOADER_ALERT_TIME=off</c>) turns the check off.
    /// </summary>
    public TimeOnly? AlertTime { get; init; } = new(23, 30);

    public static ScheduleSettings FromConfiguration(IConfiguration configuration)
    {
        var defaults = new ScheduleSettings();
        return new ScheduleSettings
        {
            Enabled = Read(configuration, EnabledVariable, defaults.Enabled, bool.TryParse),
            Time = Read(configuration, TimeVariable, defaults.Time, TryParseTime),
            CorporateActionsTime = Read(configuration, CorporateActionsTimeVariable, defaults.CorporateActionsTime, TryParseTime),
            CatchUpDays = Read(configuration, CatchUpDaysVariable, defaults.CatchUpDays, (string text, out int value) =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= 60),
            RetryInterval = Read(configuration, RetryIntervalVariable, defaults.RetryInterval, (string text, out TimeSpan value) =>
                TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero),
            AlertTime = Read(configuration, AlertTimeVariable, defaults.AlertTime, (string text, out TimeOnly? value) =>
            {
                value = null;
                if (text.Equals(Off, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                var parsed = TryParseTime(text, out var time);
                value = time;
                return parsed;
            }),
        };
    }

    /// <summary>The time a dataset's day is fetched at.</summary>
    public TimeOnly TimeOf(Dataset dataset) => dataset == Dataset.CorporateActions ? CorporateActionsTime : Time;

    private static bool TryParseTime(string text, out TimeOnly value) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static T Read<T>(IConfiguration configuration, string variable, T fallback, TryParse<T> parse) =>
        configuration[variable] is not { Length: > 0 } text
            ? fallback
            : parse(text.Trim(), out var value)
                ? value
                : throw new InvalidOperationException($"{variable} has the invalid value '{text}'.");

    private delegate bool TryParse<T>(string text, out T value);
}
