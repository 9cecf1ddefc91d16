using B3.AppHost.Cloudflare;

namespace B3.AppHost.Storage;

/// <summary>
/// MinIO as a plain container. The toolkit's MinIO integration is obsolete (MinIO's open-source project was archived in
/// February 2026) and its default docker.io image no longer pulls; quay.io still serves the release tags.
/// </summary>
internal static class MinioExtensions
{
    public const string ApiEndpointName = "http";
    public const string ConsoleEndpointName = "console";

    /// <summary>MinIO's name for the webhook target that the <c>MINIO_NOTIFY_WEBHOOK_*_PRIMARY</c> variables define.</summary>
    public const string WebhookTargetArn = "arn:minio:sqs::PRIMARY:webhook";

    private const string Registry = "quay.io";
    private const string Image = "minio/minio";
    private const string Tag = "RELEASE.2025-09-07T16-13-09Z";

    /// <summary>The S3 API on port 9000 and the web console on 9001, data in a volume kept between runs.</summary>
    public static IResourceBuilder<ContainerResource> AddMinio(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource> rootUser,
        IResourceBuilder<ParameterResource> rootPassword)
    {
        return builder.AddContainer(name, Image, Tag)
            .WithImageRegistry(Registry)
            .WithArgs("server", "/data", "--console-address", ":9001")
            .WithEnvironment("MINIO_ROOT_USER", rootUser)
            .WithEnvironment("MINIO_ROOT_PASSWORD", rootPassword)
            .WithHttpEndpoint(targetPort: 9000, name: ApiEndpointName)
            .WithHttpEndpoint(targetPort: 9001, name: ConsoleEndpointName)
            .WithHttpHealthCheck("/minio/health/live", endpointName: ApiEndpointName)
            .WithVolume($"{name}-data", "/data")
            .WithLifetime(ContainerLifetime.Persistent);
    }

    /// <summary>
    /// Makes the emulator's intake MinIO's webhook target (the services subscribe the bucket to it through
    /// <c>LOCAL_R2_NOTIFY_ARN</c>), with a queue folder that keeps events while the emulator is down.
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithEventsTo(
        this IResourceBuilder<ContainerResource> minio, IResourceBuilder<CloudflareEmulatorResource> emulator)
    {
        var token = minio.ApplicationBuilder.AddParameter($"{minio.Resource.Name}-webhook-token",
            new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        emulator
            .WithEnvironment("MINIO_WEBHOOK_TOKEN", token)
            // MinIO calls in from its container, not from loopback.
            .WithEnvironment("EMULATOR_HOST", "0.0.0.0");
        return minio
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_ENABLE_PRIMARY", "on")
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_ENDPOINT_PRIMARY",
                ReferenceExpression.Create($"{emulator.GetEndpoint(CloudflareEmulatorResource.IntakeEndpointName)}/minio/events"))
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_PRIMARY", token)
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_PRIMARY", "/queue")
            .WithVolume($"{minio.Resource.Name}-notify-queue", "/queue");
    }
}
