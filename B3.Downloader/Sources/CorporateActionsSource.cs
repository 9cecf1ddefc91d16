using B3.Core.Calendar;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Downloader.Scheduling;

namespace B3.Downloader.Sources;

/// <summary>
/// The day's corporate-actions snapshot from B3's listed-companies API (b3-corporate-actions.md): every issuer of
/// GetInitialCompanies, its GetListedSupplementCompany answer and, on full-history days, every page of
/// GetListedCashDividends, kept as B3 sent them in one <see cref="CorporateActionsEnvelope"/>. An issuer whose calls
/// keep failing is recorded under <c>missing</c>; the fetch fails only when the issuer list cannot be read or every issuer failed.
/// The API has no history, so a day before the latest trading day is <see cref="FailureKind.Unavailable"/>.
/// </summary>
public sealed partial class CorporateActionsSource(
    ListedCompaniesApi api,
    CallPacer pacer,
    CorporateActionsSettings settings,
    TradingCalendar calendar,
    TimeProvider time,
    ILogger<CorporateActionsSource> logger) : IDatasetSource
{
    /// <summary>Attempts per issuer, each after the HTTP client's own retries; brasa makes three too.</summary>
    private const int IssuerAttempts = 3;

    /// <summary>
    /// Issuers failing one after another: B3 is down or refusing us, not one issuer's answer broken. The run stops
    /// rather than spend hours of retries on thousands of issuers, and is tried again later.
    /// </summary>
    public const int MaxConsecutiveFailures = 25;

    private const int DaysInWeek = 7;

    public Dataset Dataset => Dataset.CorporateActions;

    public string Name => "listed-companies API";

    public bool ServesOnlyCurrentDay => true;

    public bool Supports(FetchRequest request) => !request.Yearly;

    /// <summary>
    /// The first trading day of its ISO week: the previous trading day falls in an earlier week (Monday, or Tuesday after
    /// a holiday Monday). The full cash history is fetched on such days only, since it doubles the calls of a run.
    /// </summary>
    public static bool IsFirstTradingDayOfIsoWeek(DateOnly date, TradingCalendar calendar)
    {
        var daysSinceMonday = ((int)date.DayOfWeek - (int)DayOfWeek.Monday + DaysInWeek) % DaysInWeek;
        var monday = date.AddDays(-daysSinceMonday);
        return calendar.Covers(monday.AddDays(-1)) && calendar.Covers(date)
            ? calendar.PreviousTradingDay(date) < monday
            : date == monday;
    }

    /// <summary>Whether <paramref name="date"/>'s snapshot carries GetListedCashDividends' pages: weekly, unless the settings say always or never.</summary>
    public bool IsFullHistoryDay(DateOnly date) => settings.FullHistory switch
    {
        FullHistoryMode.Always => true,
        FullHistoryMode.Never => false,
        _ => IsFirstTradingDayOfIsoWeek(date, calendar),
    };

    public async Task<FetchedFile> FetchAsync(FetchRequest request, string path, CancellationToken cancellationToken)
    {
        var source = api.IssuersUrl;
        CheckCurrent(request.Date, source);
        var downloadedAt = time.GetUtcNow();
        var (issuers, missing) = Narrow(await api.GetIssuersAsync(cancellationToken));
        var fullHistory = IsFullHistoryDay(request.Date);

        await using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
        await using (var envelope = new CorporateActionsEnvelope(file, request.Date))
        {
            var failuresInARow = 0;
            foreach (var issuer in issuers)
            {
                if (await FetchCompanyAsync(issuer, fullHistory, missing, cancellationToken) is not { } company)
                {
                    CheckNotDown(++failuresInARow, missing, source);
                    continue;
                }

                failuresInARow = 0;
                await envelope.WriteAsync(company, cancellationToken);
            }

            if (envelope.Companies == 0)
            {
                throw new SourceException(FailureKind.Failed, source, $"no issuer could be fetched ({missing.Count} missing){LastReason(missing)}");
            }

            await envelope.CompleteAsync(missing, cancellationToken);
        }

        return new FetchedFile(source, file.Length, downloadedAt);
    }

    private static void CheckNotDown(int failuresInARow, List<MissingIssuer> missing, Uri url)
    {
        if (failuresInARow >= MaxConsecutiveFailures)
        {
            throw new SourceException(FailureKind.Failed, url, $"{failuresInARow} issuers in a row failed, so B3 seems down; stopped{LastReason(missing)}");
        }
    }

    private static string LastReason(List<MissingIssuer> missing) =>
        missing.Count > 0 ? $"; last, {missing[^1].IssuingCompany}: {missing[^1].Reason}" : string.Empty;

    /// <summary>
    /// The day the API's answer at <paramref name="now"/> describes: today in São Paulo if it is a trading day, else the
    /// trading day before. The snapshot may be labelled with that day or, forced, with today.
    /// </summary>
    public static DateOnly CurrentTradingDay(DateTimeOffset now, TradingCalendar calendar)
    {
        var today = Today(now);
        return calendar.Covers(today) && !calendar.IsTradingDay(today) ? calendar.PreviousTradingDay(today) : today;
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, DailyScheduler.SaoPaulo).DateTime);

    /// <summary>The API has no history: a day before the current trading day, or after today, is refused rather than stored under a wrong date.</summary>
    private void CheckCurrent(DateOnly date, Uri url)
    {
        var now = time.GetUtcNow();
        var current = CurrentTradingDay(now, calendar);
        if (date < current || date > Today(now))
        {
            throw new SourceException(FailureKind.Unavailable, url,
                $"B3's listed-companies API serves only the current state, that of {current:yyyy-MM-dd}; {date:yyyy-MM-dd} cannot be fetched");
        }
    }

    /// <summary>The issuers to fetch: all, or those the settings name; a named issuer B3 does not list is recorded as missing.</summary>
    private (IReadOnlyList<ListedIssuer> Issuers, List<MissingIssuer> Missing) Narrow(IReadOnlyList<ListedIssuer> listed)
    {
        if (settings.Issuers.Count == 0)
        {
            return (listed, []);
        }

        var wanted = settings.Issuers.ToHashSet(StringComparer.Ordinal);
        var known = listed.Select(issuer => issuer.IssuingCompany).ToHashSet(StringComparer.Ordinal);
        var missing = settings.Issuers.Where(code => !known.Contains(code))
            .Select(code => new MissingIssuer(code, $"not among the issuers of {ListedCompaniesApi.InitialCompanies}"))
            .ToList();
        return ([.. listed.Where(issuer => wanted.Contains(issuer.IssuingCompany))], missing);
    }

    /// <summary>One issuer's answers, tried <see cref="IssuerAttempts"/> times with backoff; null (and a <paramref name="missing"/> entry) when every attempt failed.</summary>
    private async Task<CompanySnapshot?> FetchCompanyAsync(ListedIssuer issuer, bool fullHistory, List<MissingIssuer> missing, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var supplement = await api.GetSupplementAsync(issuer.IssuingCompany, cancellationToken);
                var cash = fullHistory ? await api.GetCashDividendsAsync(issuer.TradingName, cancellationToken) : null;
                // The envelope's trading name is GetListedCashDividends' key (AMBEVSA), as CorporateActionsFormat shows it.
                return new CompanySnapshot(issuer.IssuingCompany, CorporateActionsFormat.CompactTradingName(issuer.TradingName), supplement, cash);
            }
            catch (SourceException e) when (attempt < IssuerAttempts)
            {
                LogIssuerRetry(issuer.IssuingCompany, attempt, e.Reason);
                await pacer.BackOffAsync(attempt, cancellationToken);
            }
            catch (SourceException e)
            {
                LogIssuerMissing(issuer.IssuingCompany, IssuerAttempts, e.Reason);
                missing.Add(new MissingIssuer(issuer.IssuingCompany, $"{e.Reason} (after {IssuerAttempts} attempts)"));
                return null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "corporate-actions: {IssuingCompany} failed (attempt {Attempt}), retrying: {Reason}")]
    private partial void LogIssuerRetry(string issuingCompany, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "corporate-actions: {IssuingCompany} recorded as missing after {Attempts} attempts: {Reason}")]
    private partial void LogIssuerMissing(string issuingCompany, int attempts, string reason);
}
