using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace B3.ServiceDefaults.Resilience;

public static class HttpResilienceExtensions
{
    /// <summary>
    /// The standard resilience handler, timed for B3's slow servers from <see cref="RetrySettings"/>: exponential
    /// backoff with jitter, a server's <c>Retry-After</c> honoured, a timeout per attempt and one over all of them.
    /// </summary>
    public static IHttpClientBuilder AddB3ResilienceHandler(this IHttpClientBuilder http)
    {
        http.AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions options, IServiceProvider services) =>
                Apply(options, services.GetRequiredService<IOptions<RetrySettings>>().Value));
        return http;
    }

    private static void Apply(HttpStandardResilienceOptions options, RetrySettings settings)
    {
        settings.ApplyTo(options.Retry);
        options.Retry.ShouldRetryAfterHeader = true;
        options.AttemptTimeout.Timeout = settings.AttemptTimeout;
        // Every attempt may take its whole timeout and every wait its longest delay.
        options.TotalRequestTimeout.Timeout = settings.AttemptTimeout * settings.MaxAttempts + settings.MaxDelay * (settings.MaxAttempts - 1);
        // The breaker must sample over at least two attempts (the handler validates it).
        options.CircuitBreaker.SamplingDuration = settings.AttemptTimeout * 2 > options.CircuitBreaker.SamplingDuration
            ? settings.AttemptTimeout * 2
            : options.CircuitBreaker.SamplingDuration;
    }
}
