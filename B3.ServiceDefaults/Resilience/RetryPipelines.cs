using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace B3.ServiceDefaults.Resilience;

/// <summary>Builds the retry pipelines every component uses: exponential backoff with jitter and a per-attempt timeout.</summary>
public static class RetryPipelines
{
    public static ResiliencePipeline<HttpResponseMessage> ForHttp(RetrySettings settings, ILogger logger)
    {
        var retry = Configure(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(response => IsTransient(response.StatusCode)),
        }, settings, logger, "HTTP request");

        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddTimeout(settings.AttemptTimeout)
            .Build();
    }

    /// <summary>A pipeline for calls that signal failure by exception (storage, database).</summary>
    public static ResiliencePipeline ForOperations(string component, Func<Exception, bool> isTransient, RetrySettings settings, ILogger logger)
    {
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<TimeoutRejectedException>()
                .Handle<Exception>(isTransient),
        };
        Configure(retry, settings, logger, component);

        return new ResiliencePipelineBuilder()
            .AddRetry(retry)
            .AddTimeout(settings.AttemptTimeout)
            .Build();
    }

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static RetryStrategyOptions<T> Configure<T>(RetryStrategyOptions<T> options, RetrySettings settings, ILogger logger, string component)
    {
        options.MaxRetryAttempts = Math.Max(0, settings.MaxAttempts - 1);
        options.BackoffType = DelayBackoffType.Exponential;
        options.UseJitter = true;
        options.Delay = settings.BaseDelay;
        options.MaxDelay = settings.MaxDelay;
        options.OnRetry = args =>
        {
            logger.LogWarning(
                args.Outcome.Exception,
                "{Component} attempt {Attempt} of {MaxAttempts} failed ({Outcome}); retrying in {RetryDelayMs} ms",
                component,
                args.AttemptNumber + 1,
                settings.MaxAttempts,
                Describe(args.Outcome),
                (long)args.RetryDelay.TotalMilliseconds);
            return default;
        };
        return options;
    }

    private static string Describe<T>(Outcome<T> outcome) => outcome.Exception is { } exception
        ? exception.GetType().Name + ": " + exception.Message
        : outcome.Result is HttpResponseMessage response ? $"HTTP {(int)response.StatusCode}" : "unexpected result";
}
