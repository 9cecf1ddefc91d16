using B3.Core.Alerts;
using B3.Core.Calendar;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.Downloader.Ingestion;

namespace B3.Downloader.Scheduling;

/// <summary>
/// The scheduled worker: at start, and then each trading day at <see cref="ScheduleSettings.Time"/> (São Paulo time;
/// <see cref="ScheduleSettings.CorporateActionsTime"/> for the slow corporate-actions snapshot), it fetches every object
/// of the last <see cref="ScheduleSettings.CatchUpDays"/> trading days that the bucket lacks.
/// Idempotent: what is stored is never fetched again. A run that leaves something missing is retried sooner.
/// After <see cref="ScheduleSettings.AlertTime"/> on each trading day it checks that the day's objects are stored and
/// alerts about those that are not (<see cref="AlertNotifier"/>, when registered).
/// </summary>
public sealed partial class DailyScheduler(
    DatasetDownloader downloader,
    IObjectStorage storage,
    TradingCalendar calendar,
    ScheduleSettings settings,
    TimeProvider time,
    ILogger<DailyScheduler> logger,
    AlertNotifier? alerts = null) : BackgroundService
{
    public static TimeZoneInfo SaoPaulo { get; } = FindSaoPaulo();

    /// <summary>The next scheduled run strictly after <paramref name="now"/>: <paramref name="at"/> on a trading day, São Paulo time.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at, TradingCalendar calendar)
    {
        var local = TimeZoneInfo.ConvertTime(now, SaoPaulo);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (!calendar.IsTradingDay(day) || TimeOnly.FromDateTime(local.DateTime) >= at)
        {
            day = calendar.NextTradingDay(day);
        }

        var run = day.ToDateTime(at);
        return new DateTimeOffset(run, SaoPaulo.GetUtcOffset(run));
    }

    /// <summary>
    /// The trading days a run at <paramref name="now"/> checks, oldest first: the last <paramref name="count"/> trading days,
    /// today included once the scheduled time has passed.
    /// </summary>
    public static IReadOnlyList<DateOnly> CatchUpDays(DateTimeOffset now, TimeOnly at, int count, TradingCalendar calendar)
    {
        if (count <= 0)
        {
            return [];
        }

        var local = TimeZoneInfo.ConvertTime(now, SaoPaulo);
        var today = DateOnly.FromDateTime(local.DateTime);
        var last = calendar.IsTradingDay(today) && TimeOnly.FromDateTime(local.DateTime) >= at ? today : calendar.PreviousTradingDay(today);
        return calendar.TradingDaysEndingAt(last, count);
    }

    /// <summary>Fetches what the bucket lacks for the catch-up window; true when something is still missing afterwards.</summary>
    public async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        var options = settings;
        var missing = false;
        try
        {
            var now = time.GetUtcNow();
            var daysOf = Dataset.All.ToDictionary(dataset => dataset, dataset => CatchUpDays(now, options.TimeOf(dataset), options.CatchUpDays, calendar));
            foreach (var day in daysOf.Values.SelectMany(days => days).Distinct().Order())
            {
                foreach (var (dataset, days) in daysOf)
                {
                    // The index and listed-companies APIs have no history: only the newest day can be fetched.
                    if (!days.Contains(day) || (day != days[^1] && downloader.ServesOnlyCurrentDay(dataset)))
                    {
                        continue;
                    }

                    var request = new DownloadRequest(dataset, day);
                    if (await storage.ExistsAsync(downloader.KeyOf(request), cancellationToken))
                    {
                        continue;
                    }

                    var result = await downloader.DownloadAsync(request, new DownloadOptions(), cancellationToken);
                    missing |= result.IsMissing;
                    LogResult(result.DatasetName, result.Date, result.Status, result.Key, result.Message);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRunFailed(e);
            missing = true;
        }

        return missing;
    }

    /// <summary>The objects of <paramref name="day"/> that are not stored; each missing one is alerted (one alert per day and hour).</summary>
    public async Task<IReadOnlyList<string>> CheckDownloadsAsync(DateOnly day, TimeOnly alertTime, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        try
        {
            foreach (var dataset in Dataset.All)
            {
                var key = downloader.KeyOf(new DownloadRequest(dataset, day));
                if (!await storage.ExistsAsync(key, cancellationToken))
                {
                    missing.Add(key);
                }
            }
        }
        catch (StorageException e)
        {
            LogCheckFailed(e, day);
            missing = [$"(the bucket could not be checked: {e.Message})"];
        }

        if (missing.Count > 0)
        {
            LogMissingAtAlertTime(day, string.Join(", ", missing));
            if (alerts is not null)
            {
                await alerts.NotifyAsync(Alert.DownloadMissing(day, alertTime, missing), cancellationToken);
            }
        }

        return missing;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunScheduleAsync(stoppingToken), WatchDownloadsAsync(stoppingToken));

    private async Task RunScheduleAsync(CancellationToken stoppingToken)
    {
        var options = settings;
        if (!options.Enabled)
        {
            LogDisabled(ScheduleSettings.EnabledVariable);
            return;
        }

        try
        {
            await Task.Yield();
            var missing = await CatchUpAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var next = options.Times.Min(at => NextRun(now, at, calendar));
                if (missing && now + options.RetryInterval < next)
                {
                    next = now + options.RetryInterval;
                }

                LogNextRun(next);
                await Task.Delay(next - now, time, stoppingToken);
                missing = await CatchUpAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ArgumentOutOfRangeException e)
        {
            LogCalendarExhausted(e.Message);
        }
    }

    /// <summary>
    /// At start, the latest trading day whose alert time has passed (so a service that was down at the hour still
    /// reports it), then each trading day at the alert time.
    /// </summary>
    private async Task WatchDownloadsAsync(CancellationToken stoppingToken)
    {
        if (alerts is null || settings.AlertTime is not { } at)
        {
            return;
        }

        try
        {
            await Task.Yield();
            await CheckDownloadsAsync(CatchUpDays(time.GetUtcNow(), at, 1, calendar)[0], at, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var next = NextRun(now, at, calendar);
                await Task.Delay(next - now, time, stoppingToken);
                await CheckDownloadsAsync(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(next, SaoPaulo).DateTime), at, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ArgumentOutOfRangeException e)
        {
            LogCalendarExhausted(e.Message);
        }
    }

    private static TimeZoneInfo FindSaoPaulo()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // No tz database (slim containers): Brazil has kept UTC−3 all year since 2019.
            return TimeZoneInfo.CreateCustomTimeZone("America/Sao_Paulo", TimeSpan.FromHours(-3), "America/Sao_Paulo", "BRT");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The daily schedule is off ({Variable}=false); only the manual triggers run")]
    private partial void LogDisabled(string variable);

    [LoggerMessage(Level = LogLevel.Information, Message = "Next scheduled download at {NextRun}")]
    private partial void LogNextRun(DateTimeOffset nextRun);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Dataset} {Date}: {Status} {Key} {Reason}")]
    private partial void LogResult(string dataset, DateOnly date, DownloadStatus status, string? key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduled run failed; it is tried again at the retry interval")]
    private partial void LogRunFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Files of {Date} still missing at the alert time: {Keys}")]
    private partial void LogMissingAtAlertTime(DateOnly date, string keys);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not check the stored files of {Date}")]
    private partial void LogCheckFailed(Exception exception, DateOnly date);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The schedule stopped: {Reason}")]
    private partial void LogCalendarExhausted(string reason);
}
