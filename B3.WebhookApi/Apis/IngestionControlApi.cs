using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.ServiceDefaults.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace B3.WebhookApi.Apis;

/// <summary>The operator's triggers of DESIGN.md §6: load an object again, put dead jobs back in the queue.</summary>
public static class IngestionControlApi
{
    public static IEndpointRouteBuilder MapIngestionControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/ingestion")
            .RequireApiKey()
            .WithTags("Ingestion control");

        api.MapPost("/reprocess", ReprocessAsync)
            .WithName("Reprocess")
            .WithSummary("Queues the object's current version again (a new job, or its job reset with fresh attempts).");
        api.MapPost("/replay-dead", ReplayDeadAsync)
            .WithName("ReplayDead")
            .WithSummary("Puts dead jobs (optionally of one dataset or date range) back in the queue with fresh attempts.");
        return app;
    }

    public static async Task<Results<Accepted<QueuedJob>, ProblemHttpResult, ValidationProblem>> ReprocessAsync(
        string? key, IObjectStorage storage, [FromServices] ObjectKeys keys, JobMaintenance jobs, CancellationToken cancellationToken)
    {
        if (key is null || !keys.TryParse(key, out var parsed))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = [$"'{key}' is not b3/<dataset>/yyyy-mm-dd.<ext>."] });
        }

        var stored = await storage.GetInfoAsync(key, cancellationToken);
        if (stored is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such object", detail: $"{key} is not in bucket {storage.BucketName}.");
        }

        var queued = await jobs.ReprocessAsync(storage.BucketName, parsed, stored.ETag, stored.Size, cancellationToken);
        return queued is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Being processed", detail: $"{key} is being processed right now.")
            : TypedResults.Accepted((string?)null, queued);
    }

    public static async Task<Results<Ok<IReadOnlyList<QueuedJob>>, ValidationProblem>> ReplayDeadAsync(
        string? dataset, DateOnly? from, DateOnly? to, JobMaintenance jobs, CancellationToken cancellationToken)
    {
        if (dataset is not null && !Dataset.TryParse(dataset, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["dataset"] = [$"'{dataset}' is not one of {string.Join(", ", Dataset.All)}."],
            });
        }

        var datasets = dataset is null ? Dataset.All : [Dataset.Parse(dataset)];
        var replayed = await jobs.ReplayAsync(new JobFilter(null, datasets, from, to), includeFailed: false, dryRun: false, cancellationToken);
        return TypedResults.Ok(replayed);
    }
}
