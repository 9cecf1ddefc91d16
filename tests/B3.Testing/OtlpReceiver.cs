using System.Collections.Concurrent;
using System.Text;

namespace B3.Testing;

/// <summary>
/// An OTLP/HTTP collector for tests: accepts <c>POST /v1/traces|metrics|logs</c> (protobuf) and keeps the bodies, so a
/// test can look for a span name, a service name or a trace id in what a service exported.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> _exports = new();
    private LoopbackHttpServer _server = null!;

    public Uri Url => _server.Url;

    /// <summary>The variables that point a service's exporter here.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Url.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    public IReadOnlyList<(string Path, string? ContentType, byte[] Body)> Exports => [.. _exports];

    /// <summary>Every exported trace batch as Latin-1 text: strings and raw ids show up byte for byte.</summary>
    public string Traces => string.Concat(Exports.Where(e => e.Path == "/v1/traces").Select(e => Encoding.Latin1.GetString(e.Body)));

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._server = await LoopbackHttpServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((context.Request.Path, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
        });
        return receiver;
    }

    /// <summary>Whether any exported span belongs to the W3C trace id (32 hex digits).</summary>
    public bool HasTrace(string traceId) => Traces.Contains(Encoding.Latin1.GetString(Convert.FromHexString(traceId)), StringComparison.Ordinal);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
