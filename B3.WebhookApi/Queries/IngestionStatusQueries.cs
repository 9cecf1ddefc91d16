using B3.Core.Database;
using B3.Core.Database.Entities;
using B3.Core.Ingestion;
using B3.WebhookApi.Model;
using Microsoft.EntityFrameworkCore;

namespace B3.WebhookApi.Queries;

/// <summary>Where each object's load stands (<c>b3.ingestion_jobs</c>), as a list and as a calendar of trading days.</summary>
public sealed class IngestionStatusQueries(B3DbContext db)
{
    public static IReadOnlyList<string> States => JobLifecycle.All;

    public async Task<(List<IngestionStatus> Jobs, long Total)> JobsAsync(
        string[] states, string[] datasets, DateOnly? from, DateOnly? to, PageRequest page, CancellationToken cancellationToken)
    {
        // A date filter leaves out yearly files (no trade_date); without one they are listed last.
        var matching = db.IngestionJobs.AsNoTracking()
            .Where(job => states.Contains(job.Status) && datasets.Contains(job.Dataset))
            .Where(job => from == null || job.TradeDate >= from)
            .Where(job => to == null || job.TradeDate <= to);
        var total = await matching.LongCountAsync(cancellationToken);
        if (total <= page.Offset)
        {
            return ([], total);
        }

        var jobs = await matching
            .OrderByDescending(job => job.TradeDate.HasValue).ThenByDescending(job => job.TradeDate).ThenByDescending(job => job.Id)
            .Skip(page.Offset).Take(page.Size)
            .Select(job => new IngestionStatus(
                job.Id, job.Dataset, job.ObjectKey, job.ETag, job.TradeDate, job.Status, job.Attempts, job.MaxAttempts,
                job.RowsLoaded, job.RowsQuarantined, job.LastError, job.CreatedAt, job.UpdatedAt, job.StartedAt, job.FinishedAt,
                JobLifecycle.AwaitsAnAttempt(job.Status) ? job.NextAttemptAt : null))
            .ToListAsync(cancellationToken);
        return (jobs, total);
    }

    /// <summary>Every dataset on every given trading day: its latest job, or <see cref="DatasetDayStatus.Missing"/>.</summary>
    public async Task<List<IngestionDay>> CalendarAsync(IReadOnlyList<DateOnly> days, IReadOnlyList<string> datasets, CancellationToken cancellationToken)
    {
        DateOnly? first = days[0], last = days[^1];
        // The latest job (a re-upload makes a new one) of each dataset and day.
        var latest = await db.IngestionJobs.AsNoTracking()
            .Where(job => job.TradeDate >= first && job.TradeDate <= last)
            .GroupBy(job => new { job.TradeDate, job.Dataset })
            .Select(day => day.OrderByDescending(job => job.Id).First())
            .ToListAsync(cancellationToken);
        var byDay = latest.ToDictionary(job => (job.TradeDate!.Value, job.Dataset), DayStatus);
        return
        [
            .. days.Select(day => new IngestionDay(
                day,
                datasets.ToDictionary(dataset => dataset, dataset => byDay.GetValueOrDefault((day, dataset), DatasetDayStatus.Missing)))),
        ];
    }

    private static DatasetDayStatus DayStatus(IngestionJob job) =>
        new(job.Status, job.Id, job.Attempts, job.RowsLoaded, job.RowsQuarantined, job.LastError, job.FinishedAt);
}
