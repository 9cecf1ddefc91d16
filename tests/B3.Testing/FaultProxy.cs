using Microsoft.AspNetCore.Http;

namespace B3.Testing;

/// <summary>What the proxy does with one request.</summary>
public enum Fault
{
    /// <summary>Forward it and return the answer.</summary>
    None,

    /// <summary>Answer 503 with <c>Retry-After: 1</c> without forwarding.</summary>
    Unavailable,

    /// <summary>Forward it, then drop the connection: the work is done but the caller never hears so.</summary>
    DropAfterForward,

    /// <summary>Answer 410 Gone: the Worker acks and drops the event, which is lost.</summary>
    Gone,
}

/// <summary>
/// An HTTP reverse proxy on loopback that injects faults in front of a service (e.g. the WebhookApi): the test decides
/// per request through <see cref="Decide"/>, and the proxy counts what it did.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly HttpClient _upstream;
    private readonly int[] _counts = new int[Enum.GetValues<Fault>().Length];
    private LoopbackHttpServer _server = null!;

    private FaultProxy(Uri target) => _upstream = new HttpClient { BaseAddress = target, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Url => _server.Url;

    /// <summary>Chooses the fault for each request; pass-through by default.</summary>
    public Func<Fault> Decide { get; set; } = () => Fault.None;

    public int Count(Fault fault) => Volatile.Read(ref _counts[(int)fault]);

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var proxy = new FaultProxy(target);
        proxy._server = await LoopbackHttpServer.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var fault = Decide();
        Interlocked.Increment(ref _counts[(int)fault]);
        switch (fault)
        {
            case Fault.Unavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            case Fault.Gone:
                context.Response.StatusCode = StatusCodes.Status410Gone;
                return;
        }

        using var forwarded = await ForwardAsync(context.Request);
        if (fault == Fault.DropAfterForward)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)forwarded.StatusCode;
        context.Response.ContentType = forwarded.Content.Headers.ContentType?.ToString();
        await forwarded.Content.CopyToAsync(context.Response.Body);
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString)
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            message.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        if (request.ContentType is { } contentType)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return await _upstream.SendAsync(message);
    }
}
