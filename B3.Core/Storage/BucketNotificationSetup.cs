using Amazon.S3;
using Amazon.S3.Model;
using B3.Core.Datasets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace B3.Core.Storage;

/// <summary>
/// Locally, points MinIO's object-created events for <c>b3/</c> at its webhook target (the local Cloudflare emulator),
/// the way an R2 event-notification rule does in production. Runs at start when <c>LOCAL_R2_NOTIFY_ARN</c> is set;
/// R2 has no such S3 API (its rules are made with wrangler), so production never calls it.
/// </summary>
public sealed partial class BucketNotificationSetup(
    IObjectStorage storage,
    IAmazonS3 s3,
    IConfiguration configuration,
    ILogger<BucketNotificationSetup> logger) : IHostedService
{
    public const string ArnVariable = "LOCAL_R2_NOTIFY_ARN";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[ArnVariable] is not { Length: > 0 } arn)
        {
            return;
        }

        await storage.EnsureBucketAsync(cancellationToken);
        await s3.PutBucketNotificationAsync(CreateRequest(storage.BucketName, arn), cancellationToken);
        LogConfigured(storage.BucketName, arn);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every object created under <c>b3/</c> (multipart uploads included) goes to <paramref name="arn"/>.</summary>
    public static PutBucketNotificationRequest CreateRequest(string bucket, string arn) => new()
    {
        BucketName = bucket,
        QueueConfigurations =
        [
            new QueueConfiguration
            {
                Id = "b3-object-created",
                Queue = arn,
                Events = [EventType.ObjectCreatedAll],
                Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", ObjectKeys.Root)] } },
            },
        ],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Bucket {Bucket} sends object-created events under b3/ to {Arn}")]
    private partial void LogConfigured(string bucket, string arn);
}
