using System.Globalization;
using B3.Core.Datasets;
using B3.Downloader.Ingestion;
using B3.ServiceDefaults.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace B3.Downloader.Apis;

/// <summary>The manual triggers of DESIGN.md §5, behind <c>X-Api-Key</c>.</summary>
public static class IngestionApi
{
    private const int BackfillParallelism = 4;

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/ingestion")
            .RequireApiKey()
            .WithTags("Ingestion");

        api.MapPost("/run", RunAsync).WithName("RunDay").WithSummary("Downloads and stores one day; answers with the keys stored");
        api.MapPost("/backfill", StartBackfill).WithName("StartBackfill").WithSummary("Starts a backfill; answers 202 with its id");
        api.MapGet("/backfill/{id}", GetBackfill).WithName("GetBackfill").WithSummary("The progress of a backfill");
        return app;
    }

    public static async Task<Results<Ok<RunResponse>, JsonHttpResult<RunResponse>, ValidationProblem>> RunAsync(
        string? dt, string? dataset, bool? force, DatasetDownloader downloader, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var date = ParseDate("dt", dt, errors);
        var datasets = ParseDatasets(dataset, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: $"Invalid parameter(s): {string.Join(", ", errors.Keys)}.");
        }

        var results = new List<DownloadResult>();
        foreach (var each in datasets)
        {
            results.Add(await downloader.DownloadAsync(new DownloadRequest(each, date!.Value), new DownloadOptions { Force = force == true }, cancellationToken));
        }

        var response = new RunResponse(date!.Value, [.. results.Where(r => r.Status == DownloadStatus.Stored).Select(r => r.Key!)], results);
        return results.Any(r => r.IsMissing)
            ? TypedResults.Json(response, statusCode: StatusCodes.Status502BadGateway)
            : TypedResults.Ok(response);
    }

    public static Results<AcceptedAtRoute<BackfillProgress>, ValidationProblem> StartBackfill(
        string? start, string? end, string? dataset, bool? force, BackfillRunner runner, BackfillJobs jobs)
    {
        var errors = new Dictionary<string, string[]>();
        var from = ParseDate("start", start, errors);
        var to = ParseDate("end", end, errors);
        var datasets = ParseDatasets(dataset, errors);
        BackfillPlan? plan = null;
        if (errors.Count == 0)
        {
            try
            {
                plan = runner.Plan(from!.Value, to!.Value, datasets);
            }
            catch (ArgumentException e)
            {
                errors["start"] = [e.Message];
            }
        }

        if (plan is null)
        {
            return TypedResults.ValidationProblem(errors, detail: $"Invalid parameter(s): {string.Join(", ", errors.Keys)}.");
        }

        var progress = jobs.Start(plan, new DownloadOptions { Force = force == true }, BackfillParallelism);
        return TypedResults.AcceptedAtRoute(progress, "GetBackfill", new { id = progress.Id });
    }

    public static Results<Ok<BackfillProgress>, NotFound> GetBackfill(string id, BackfillJobs jobs) =>
        jobs.Find(id) is { } progress ? TypedResults.Ok(progress) : TypedResults.NotFound();

    private static DateOnly? ParseDate(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [value is null ? $"'{name}' is required (yyyy-MM-dd)." : $"'{name}' must be a date in yyyy-MM-dd form; '{value}' is not."];
        return null;
    }

    private static IReadOnlyList<Dataset> ParseDatasets(string? value, Dictionary<string, string[]> errors)
    {
        if (DatasetSelection.TryParse(value, out var datasets))
        {
            return datasets;
        }

        errors["dataset"] = [$"'dataset' must be one of {DatasetSelection.Choices}; '{value}' is not."];
        return [];
    }
}

/// <summary>The answer of <c>POST /ingestion/run</c>: the keys stored and what happened to each dataset.</summary>
public sealed record RunResponse(DateOnly Date, IReadOnlyList<string> Keys, IReadOnlyList<DownloadResult> Results);
