namespace B3.WebhookApi.Webhooks;

/// <summary>
/// Reads the raw body once (at most <see cref="MaxBodyBytes"/>: larger is 413), checks its Standard Webhooks
/// signature (401 otherwise) and hands the verified bytes to the handler through <see cref="VerifiedBody"/>.
/// </summary>
public sealed class WebhookSignatureFilter(WebhookSecrets secrets, TimeProvider time, RefusedCallLog refusals) : IEndpointFilter
{
    public const int MaxBodyBytes = 64 * 1024;
    private const string BodyItem = "b3.webhook.body";

    public static ReadOnlyMemory<byte> VerifiedBody(HttpContext context) => (ReadOnlyMemory<byte>)context.Items[BodyItem]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large",
                detail: $"A webhook body may have at most {MaxBodyBytes} bytes.");
        }

        var headers = http.Request.Headers;
        var failure = WebhookSignature.Verify(
            headers[WebhookSignature.IdHeader], headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader],
            body.Value.Span, secrets, time.GetUtcNow());
        if (failure is not null)
        {
            refusals.Record(http.Connection.RemoteIpAddress, failure);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook signature", detail: failure);
        }

        http.Items[BodyItem] = body.Value;
        return await next(context);
    }

    /// <summary>The body, or null when it is larger than allowed.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        // Sized by Content-Length when the sender gives one (Kestrel holds the body to it); one byte more tells an
        // over-long body of unknown length from one that fits.
        var buffer = new byte[(request.ContentLength ?? MaxBodyBytes) + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > MaxBodyBytes ? null : buffer.AsMemory(0, length);
    }
}
