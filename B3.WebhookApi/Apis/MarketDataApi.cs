using System.ComponentModel;
using B3.ServiceDefaults.Hardening;
using B3.WebhookApi.Model;
using B3.WebhookApi.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace B3.WebhookApi.Apis;

/// <summary>Daily bars, instrument attributes, sectors and top tickers from the refined layer (DESIGN.md §6, issue 9).</summary>
public static class MarketDataApi
{
    public const int DefaultTop = 10;
    public const int MaxTop = 1000;

    public static IEndpointRouteBuilder MapMarketDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .RequireApiKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Market data");

        api.MapGet("/quotes/{ticker}", GetQuotesAsync)
            .WithName("GetQuotes")
            .WithSummary("Daily bars of a cash-market ticker with the 7-trading-day moving average of close, oldest first, paged.");
        api.MapGet("/corporate-actions/{ticker}", GetCorporateActionsAsync)
            .WithName("GetCorporateActions")
            .WithSummary("A ticker's corporate events (splits, reverse splits, bonus shares, cash), each once, oldest first, with the factors they adjust prices by.");
        api.MapGet("/instruments/{ticker}", GetInstrumentAsync)
            .WithName("GetInstrument")
            .WithSummary("A ticker's attributes in the latest instruments register on or before a date.");
        api.MapGet("/sectors", GetSectorsAsync)
            .WithName("GetSectors")
            .WithSummary("Totals per sector (register segment, security category and governance level of the same date) for a date.");
        api.MapGet("/top", GetTopAsync)
            .WithName("GetTopTickers")
            .WithSummary("The N tickers with the largest financial volume on a date.");
        return app;
    }

    public static async Task<Results<Ok<QuoteSeries>, ValidationProblem, ProblemHttpResult>> GetQuotesAsync(
        [Description("B3 ticker, any case (PETR4).")] string ticker,
        [Description("First day (yyyy-MM-dd), inclusive; open-ended when absent.")] string? from,
        [Description("Last day (yyyy-MM-dd), inclusive; open-ended when absent.")] string? to,
        [Description(PageRequest.PageDescription)] string? page,
        [Description(PageRequest.SizeDescription)] string? pageSize,
        [Description("none (default: prices as traded), splits (adjusted for splits, reverse splits and bonus shares) or total (also for cash events, interest on capital gross): adds adjustedClose and adjustmentFactor.")] string? adjusted,
        MarketDataQueries queries,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var symbol = errors.Ticker(ticker);
        var (start, end) = errors.DateRange(from, to);
        var paging = PageRequest.Read(errors, page, pageSize);
        var adjustment = errors.Choice("adjusted", adjusted, PriceAdjustment.None);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await queries.BarsAsync(symbol, start ?? DateOnly.MinValue, end ?? DateOnly.MaxValue, paging, adjustment, cancellationToken) is not { } found)
        {
            return UnknownTicker(symbol, "has no daily bars (the refined layer holds cash-market tickers)");
        }

        var (bars, total) = found;
        return TypedResults.Ok(new QuoteSeries(symbol, start, end, bars, paging.Number, paging.Size, total, paging.NextLink(request, total))
        {
            Adjusted = adjustment == PriceAdjustment.None ? null : adjustment.ToString().ToLowerInvariant(),
        });
    }

    public static async Task<Results<Ok<CorporateActionList>, ValidationProblem, ProblemHttpResult>> GetCorporateActionsAsync(
        [Description("B3 ticker, any case (MGLU3).")] string ticker,
        MarketDataQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var symbol = errors.Ticker(ticker);
        if (errors.Any)
        {
            return errors.Problem();
        }

        return await queries.CorporateActionsAsync(symbol, cancellationToken) is { } actions
            ? TypedResults.Ok(new CorporateActionList(symbol, actions))
            : UnknownTicker(symbol, "has neither corporate events nor daily bars");
    }

    public static async Task<Results<Ok<Instrument>, ValidationProblem, ProblemHttpResult>> GetInstrumentAsync(
        [Description("B3 ticker, any case (PETR4).")] string ticker,
        [Description("As of this day (yyyy-MM-dd); today when absent.")] string? date,
        MarketDataQueries queries,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var symbol = errors.Ticker(ticker);
        var asOf = errors.Date("date", date);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var day = asOf ?? MarketClock.Today(time);
        return await queries.InstrumentAsync(symbol, day, cancellationToken) is { } instrument
            ? TypedResults.Ok(instrument)
            : UnknownTicker(symbol, $"is in no instruments register on or before {QueryErrors.Format(day)}");
    }

    public static async Task<Results<Ok<SectorDay>, ValidationProblem, ProblemHttpResult>> GetSectorsAsync(
        [Description("Trading day (yyyy-MM-dd); the latest loaded when absent.")] string? date,
        MarketDataQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var day = errors.Date("date", date);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if ((day ?? await queries.LatestDateAsync(cancellationToken)) is not { } resolved)
        {
            return NothingLoaded();
        }

        return TypedResults.Ok(new SectorDay(resolved, await queries.SectorsAsync(resolved, cancellationToken)));
    }

    public static async Task<Results<Ok<TopTickers>, ValidationProblem, ProblemHttpResult>> GetTopAsync(
        [Description("Trading day (yyyy-MM-dd); the latest loaded when absent.")] string? date,
        [Description("How many tickers, 1 to 1000 (default 10).")] string? n,
        MarketDataQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var day = errors.Date("date", date);
        var count = errors.Integer("n", n, DefaultTop, 1, MaxTop);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if ((day ?? await queries.LatestDateAsync(cancellationToken)) is not { } resolved)
        {
            return NothingLoaded();
        }

        return TypedResults.Ok(new TopTickers(resolved, count, await queries.TopAsync(resolved, count, cancellationToken)));
    }

    private static ProblemHttpResult UnknownTicker(string ticker, string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown ticker",
        detail: $"{ticker} {reason}.");

    private static ProblemHttpResult NothingLoaded() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No quotes loaded",
        detail: "The refined layer is empty: no COTAHIST file has been loaded yet.");
}
