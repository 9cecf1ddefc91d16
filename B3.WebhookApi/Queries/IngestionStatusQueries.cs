using B3.WebhookApi.Model;
using Npgsql;
using static B3.WebhookApi.Queries.SqlValues;

namespace B3.WebhookApi.Queries;

/// <summary>Where each object's load stands (<c>b3.ingestion_jobs</c>), as a list and as a calendar of trading days.</summary>
public sealed class IngestionStatusQueries(QueryDatabase database)
{
    public static readonly IReadOnlyList<string> States = ["queued", "processing", "succeeded", "failed", "dead"];

    // A date filter leaves out yearly files (no trade_date); without one they are listed last.
    private const string Filter = """
        WHERE status = ANY($1) AND dataset = ANY($2)
          AND ($3::date IS NULL OR trade_date >= $3) AND ($4::date IS NULL OR trade_date <= $4)
        """;

    private const string JobsSql = $"""
        SELECT id, dataset, object_key, etag, trade_date, status, attempts, max_attempts, rows_loaded, rows_quarantined,
               last_error, created_at, updated_at, started_at, finished_at, next_attempt_at
        FROM b3.ingestion_jobs
        {Filter}
        ORDER BY trade_date DESC NULLS LAST, id DESC
        LIMIT $5 OFFSET $6
        """;

    private const string CountSql = $"SELECT count(*) FROM b3.ingestion_jobs {Filter}";

    // The latest job (a re-upload makes a new one) of each dataset and day.
    private const string LatestPerDaySql = """
        SELECT DISTINCT ON (trade_date, dataset)
               trade_date, dataset, id, status, attempts, rows_loaded, rows_quarantined, last_error, finished_at
        FROM b3.ingestion_jobs
        WHERE trade_date BETWEEN $1 AND $2
        ORDER BY trade_date, dataset, id DESC
        """;

    public async Task<(List<IngestionStatus> Jobs, long Total)> JobsAsync(
        string[] states, string[] datasets, DateOnly? from, DateOnly? to, PageRequest page, CancellationToken cancellationToken)
    {
        NpgsqlParameter[] filter = [TextArray(states), TextArray(datasets), Date(from), Date(to)];
        var total = await database.ScalarAsync<long>(CountSql, filter, cancellationToken);
        var jobs = total <= page.Offset
            ? []
            : await database.ListAsync(JobsSql, [.. filter, Integer(page.Size), Integer(page.Offset)], r => new IngestionStatus(
                r.GetInt64(0),
                r.GetString(1),
                r.GetString(2),
                r.GetString(3),
                GetValue<DateOnly>(r, 4),
                r.GetString(5),
                r.GetInt32(6),
                r.GetInt32(7),
                GetValue<long>(r, 8),
                GetValue<long>(r, 9),
                Get<string>(r, 10),
                r.GetFieldValue<DateTimeOffset>(11),
                r.GetFieldValue<DateTimeOffset>(12),
                GetValue<DateTimeOffset>(r, 13),
                GetValue<DateTimeOffset>(r, 14),
                r.GetString(5) is "queued" or "failed" ? r.GetFieldValue<DateTimeOffset>(15) : null), cancellationToken);
        return (jobs, total);
    }

    /// <summary>Every dataset on every given trading day: its latest job, or <see cref="DatasetDayStatus.Missing"/>.</summary>
    public async Task<List<IngestionDay>> CalendarAsync(IReadOnlyList<DateOnly> days, IReadOnlyList<string> datasets, CancellationToken cancellationToken)
    {
        var latest = await database.ListAsync(LatestPerDaySql, [Date(days[0]), Date(days[^1])], r => (
            Date: r.GetFieldValue<DateOnly>(0),
            Dataset: r.GetString(1),
            Status: new DatasetDayStatus(
                r.GetString(3),
                r.GetInt64(2),
                r.GetInt32(4),
                GetValue<long>(r, 5),
                GetValue<long>(r, 6),
                Get<string>(r, 7),
                GetValue<DateTimeOffset>(r, 8))), cancellationToken);
        var byDay = latest.ToDictionary(row => (row.Date, row.Dataset), row => row.Status);
        return
        [
            .. days.Select(day => new IngestionDay(
                day,
                datasets.ToDictionary(dataset => dataset, dataset => byDay.GetValueOrDefault((day, dataset), DatasetDayStatus.Missing)))),
        ];
    }
}
