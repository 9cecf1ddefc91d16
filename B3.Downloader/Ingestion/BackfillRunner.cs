using B3.Core.Calendar;
using B3.Core.Datasets;

namespace B3.Downloader.Ingestion;

/// <summary>What a backfill covers.</summary>
public sealed record BackfillPlan(DateOnly From, DateOnly To, IReadOnlyList<Dataset> Datasets, IReadOnlyList<DownloadRequest> Requests);

/// <summary>
/// Fills a date range: every trading day of every dataset, with bounded parallelism, resumable (what is stored is
/// skipped, see <see cref="DownloadOptions.SkipStored"/>). COTAHIST comes as yearly files for years before daily files
/// exist (2014), and for every complete year when asked (<c>--yearly</c>); datasets without history (IBOV, corporate actions) only for the last day.
/// </summary>
public sealed class BackfillRunner(DatasetDownloader downloader, TradingCalendar calendar, TimeProvider time)
{
    /// <summary>The first day B3 publishes a daily COTAHIST for.</summary>
    public static readonly DateOnly FirstDailyCotahist = new(2014, 1, 2);

    /// <summary>The requests of a backfill, oldest first; throws <see cref="ArgumentException"/> for a range it cannot cover.</summary>
    public BackfillPlan Plan(DateOnly from, DateOnly to, IReadOnlyList<Dataset> datasets, bool yearlyCotahist = false)
    {
        if (from > to)
        {
            throw new ArgumentException($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}.");
        }

        var requests = new List<DownloadRequest>();
        foreach (var dataset in datasets)
        {
            var dailyFrom = from;
            if (dataset == Dataset.Cotahist)
            {
                var currentYear = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).Year;
                var lastYearly = yearlyCotahist ? Math.Min(to.Year, currentYear - 1) : FirstDailyCotahist.Year - 1;
                for (var year = from.Year; year <= lastYearly; year++)
                {
                    requests.Add(DownloadRequest.ForYear(year));
                }

                dailyFrom = from.Year <= lastYearly ? new DateOnly(lastYearly + 1, 1, 1) : from;
            }

            if (dailyFrom > to)
            {
                continue;
            }

            if (!calendar.Covers(dailyFrom) || !calendar.Covers(to))
            {
                throw new ArgumentException(
                    $"{dataset.Name} needs trading days from {dailyFrom:yyyy-MM-dd} to {to:yyyy-MM-dd}, but the B3 calendar covers {calendar.FirstYear}–{calendar.LastYear} only.");
            }

            var days = calendar.TradingDays(dailyFrom, to).ToList();

            // A source without history (the IBOV portfolio, corporate actions) can match only the range's last trading day.
            requests.AddRange((downloader.ServesOnlyCurrentDay(dataset) ? days.TakeLast(1) : days).Select(date => new DownloadRequest(dataset, date)));
        }

        return new BackfillPlan(from, to, datasets, [.. requests.OrderBy(r => r.Date).ThenBy(r => r.Dataset.Name, StringComparer.Ordinal)]);
    }

    public async Task<IReadOnlyList<DownloadResult>> RunAsync(
        BackfillPlan plan, DownloadOptions options, int parallelism, Action<DownloadResult>? completed, CancellationToken cancellationToken)
    {
        var results = new DownloadResult[plan.Requests.Count];
        var resume = options with { SkipStored = true };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plan.Requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (index, token) =>
            {
                results[index] = await downloader.DownloadAsync(plan.Requests[index], resume, token);
                completed?.Invoke(results[index]);
            });
        return results;
    }
}
