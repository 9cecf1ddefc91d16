using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace B3.ServiceDefaults.Resilience;

/// <summary>The standard resilience handler of Aspire's template, rebuilt on Polly.Core: timeout per attempt and retries.</summary>
internal sealed class ResilientHttpHandler(IOptions<RetrySettings> settings, ILogger<ResilientHttpHandler> logger) : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = RetryPipelines.ForHttp(settings.Value, logger);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        return await _pipeline.ExecuteAsync(
            static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendCoreAsync(state.Request, token)),
            (Handler: this, Request: request),
            cancellationToken);
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
