using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace B3.Core.Resilience;

/// <summary>
/// The retry pipelines of the calls that fail by exception, named so that their telemetry (Polly's logs and
/// metrics) says which: S3 and PostgreSQL. Both retry <see cref="TransientFailures"/> as <see cref="RetrySettings"/> say.
/// </summary>
public static class OperationPipelines
{
    public const string Storage = "b3-storage";
    public const string Database = "b3-database";

    public static IServiceCollection AddOperationPipeline(this IServiceCollection services, string name)
    {
        services.AddResiliencePipeline(name, (pipeline, context) =>
            Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<RetrySettings>>().Value));
        return services;
    }

    /// <summary>The same pipeline without dependency injection or telemetry, for tests and the bench.</summary>
    public static ResiliencePipeline Create(RetrySettings settings) => Configure(new ResiliencePipelineBuilder(), settings).Build();

    private static ResiliencePipelineBuilder Configure(ResiliencePipelineBuilder pipeline, RetrySettings settings)
    {
        var retry = new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransient) };
        settings.ApplyTo(retry);
        return pipeline.AddRetry(retry).AddTimeout(settings.AttemptTimeout);
    }
}
