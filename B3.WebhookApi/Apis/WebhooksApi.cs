using System.Text;
using B3.Core.Ingestion;
using B3.ServiceDefaults.Hardening;
using B3.WebhookApi.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace B3.WebhookApi.Apis;

public static class WebhooksApi
{
    private const string TraceParentHeader = "traceparent";

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var r2 = app.MapGroup("/webhooks/r2")
            .AddEndpointFilter<WebhookSignatureFilter>()
            .RequireRateLimiting(RequestLimits.WebhookPolicy)
            .WithTags("Webhooks");

        // The PRD's path; the Worker posts every dataset to object-created. Both take the same body.
        r2.MapPost("/instrument-uploaded", ReceiveAsync).WithName("InstrumentUploaded");
        r2.MapPost("/object-created", ReceiveAsync).WithName("ObjectCreated");
        return app;
    }

    /// <summary>Records the event and its job in one transaction, then answers at once: the Processor does the work.</summary>
    public static async Task<Results<Ok<WebhookAccepted>, ValidationProblem>> ReceiveAsync(
        HttpContext context,
        WebhookPayloadReader reader,
        IngestionJobStore jobs,
        CancellationToken cancellationToken)
    {
        var body = WebhookSignatureFilter.VerifiedBody(context);
        var read = reader.Read(body);
        if (read.Payload is not { } payload)
        {
            return TypedResults.ValidationProblem(read.Errors, title: "The webhook body is invalid.");
        }

        var headers = context.Request.Headers;
        var request = new IngestionRequest(payload.Bucket, read.Key, payload.ETag, payload.Size, headers[TraceParentHeader].FirstOrDefault());
        var source = new IngestionEvent(headers[WebhookSignature.IdHeader], "worker", Encoding.UTF8.GetString(body.Span));
        var result = await jobs.EnqueueAsync(request, source, cancellationToken);
        return TypedResults.Ok(new WebhookAccepted(result.Duplicate ? "duplicate" : JobLifecycle.Queued, result.JobId));
    }
}

public sealed record WebhookAccepted(string Status, long JobId);
