using System.ComponentModel;
using B3.Core.Calendar;
using B3.Core.Datasets;
using B3.ServiceDefaults.Hardening;
using B3.WebhookApi.Model;
using B3.WebhookApi.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace B3.WebhookApi.Apis;

/// <summary>Where every object's load stands (DESIGN.md §6, §8: every object under b3/ ends succeeded or with a reason).</summary>
public static class IngestionStatusApi
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    private static readonly string[] DatasetNames = [.. Dataset.All.Select(d => d.Name)];

    public static IEndpointRouteBuilder MapIngestionStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ingestions")
            .RequireApiKey()
            .WithTags("Ingestion status");

        api.MapGet("/", GetIngestionsAsync)
            .WithName("GetIngestions")
            .WithSummary("Ingestion jobs, newest trading day first, paged: state, attempts, rows loaded and quarantined, last error.");
        api.MapGet("/daily", GetDailyStatusAsync)
            .WithName("GetDailyIngestionStatus")
            .WithSummary("The latest job of every dataset on each of the last N trading days (state 'missing' when no object arrived).");
        return app;
    }

    public static async Task<Results<Ok<ResultPage<IngestionStatus>>, ValidationProblem>> GetIngestionsAsync(
        [Description("One or more of queued, processing, succeeded, failed, dead (comma-separated); all when absent.")] string? status,
        [Description("One or more of instruments, trades, cotahist, ibov, corporate-actions (comma-separated); all when absent.")] string? dataset,
        [Description("First trading day of the files (yyyy-MM-dd), inclusive.")] string? from,
        [Description("Last trading day of the files (yyyy-MM-dd), inclusive.")] string? to,
        [Description(PageRequest.PageDescription)] string? page,
        [Description(PageRequest.SizeDescription)] string? pageSize,
        IngestionStatusQueries queries,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var states = errors.OneOf("status", status, IngestionStatusQueries.States);
        var datasets = errors.OneOf("dataset", dataset, DatasetNames);
        var (start, end) = errors.DateRange(from, to);
        var paging = PageRequest.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var (jobs, total) = await queries.JobsAsync(states, datasets, start, end, paging, cancellationToken);
        return TypedResults.Ok(new ResultPage<IngestionStatus>(jobs, paging.Number, paging.Size, total, paging.NextLink(request, total)));
    }

    public static async Task<Results<Ok<IngestionCalendar>, ValidationProblem>> GetDailyStatusAsync(
        [Description("Last day of the window (yyyy-MM-dd); today in São Paulo when absent. A non-trading day counts from the trading day before it.")] string? to,
        [Description("How many trading days, 1 to 366 (default 30).")] string? days,
        IngestionStatusQueries queries,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var end = errors.Date("to", to) ?? MarketClock.Today(time);
        var count = errors.Integer("days", days, DefaultDays, 1, MaxDays);
        IReadOnlyList<DateOnly> tradingDays = errors.Any ? [] : TradingDaysEndingAt(end, count, errors);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var calendar = await queries.CalendarAsync(tradingDays, DatasetNames, cancellationToken);
        return TypedResults.Ok(new IngestionCalendar(tradingDays[0], tradingDays[^1], DatasetNames, calendar));
    }

    private static IReadOnlyList<DateOnly> TradingDaysEndingAt(DateOnly end, int count, QueryErrors errors)
    {
        try
        {
            return TradingCalendar.B3.TradingDaysEndingAt(end, count);
        }
        catch (ArgumentOutOfRangeException)
        {
            errors.Add("to", $"{count} trading days up to {QueryErrors.Format(end)} leave the B3 trading calendar ({TradingCalendar.B3.FirstYear}–{TradingCalendar.B3.LastYear}).");
            return [];
        }
    }
}
