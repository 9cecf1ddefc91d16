using Amazon.Runtime;
using Amazon.S3;
using B3.Core.Datasets;
using B3.Core.Resilience;
using B3.ServiceDefaults.Configuration;
using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace B3.Core.Storage;

public static class StorageExtensions
{
    public const string HealthCheckName = "storage";

    /// <summary>Registers <see cref="IObjectStorage"/> from <c>ENVIRONMENT</c> + <c>R2_*</c> / <c>LOCAL_R2_*</c>; bad settings stop the start.</summary>
    public static IHostApplicationBuilder AddObjectStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings(StorageSettings.FromConfiguration);
        builder.Services.AddSingleton(sp => new ObjectKeys(
            builder.Configuration["B3_INSTRUMENTS_PATH"] is { Length: > 0 } prefix ? prefix : ObjectKeys.DefaultInstrumentsPrefix));
        builder.Services.AddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<StorageSettings>(), sp.GetRequiredService<IOptions<RetrySettings>>().Value));
        builder.Services.AddSingleton<IObjectStorage>(sp => new StorageManager(
            sp.GetRequiredService<IAmazonS3>(),
            sp.GetRequiredService<StorageSettings>(),
            sp.GetRequiredService<ObjectKeys>(),
            sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(OperationPipelines.Storage),
            sp.GetRequiredService<ILogger<StorageManager>>()));
        builder.Services.AddOperationPipeline(OperationPipelines.Storage);
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>(HealthCheckName);
        builder.Services.AddHostedService<BucketNotificationSetup>();
        return builder;
    }

    /// <summary>An S3 client with the settings R2 accepts (cloudflare-r2-queues.md §7.2); retries are the caller's.</summary>
    /// <param name="httpClientFactory">Only for servers with a private certificate authority (tests).</param>
    public static IAmazonS3 CreateClient(StorageSettings settings, RetrySettings retry, HttpClientFactory? httpClientFactory = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = settings.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = settings.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 0,
            Timeout = retry.AttemptTimeout + TimeSpan.FromSeconds(5),
        };
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        return new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config);
    }
}
