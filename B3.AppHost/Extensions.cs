using Aspire.Hosting.JavaScript;

namespace B3.AppHost;

/// <summary>AppHost wiring that would clutter <c>AppHost.cs</c>.</summary>
internal static class Extensions
{
    private const string MinioRegistry = "quay.io";
    private const string MinioImage = "minio/minio";
    private const string MinioTag = "RELEASE.2025-09-07T16-13-09Z";
    private const string BucketName = "financial-data";

    /// <summary>MinIO's name for the webhook target defined by the <c>MINIO_NOTIFY_WEBHOOK_*_PRIMARY</c> variables.</summary>
    private const string WebhookTargetArn = "arn:minio:sqs::PRIMARY:webhook";
    private const string WorkersFolder = "../workers";

    /// <summary>
    /// Pins MinIO to <c>quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z</c>: the integration's default
    /// <c>docker.io</c> image no longer pulls, while quay.io still serves the release tags.
    /// </summary>
    public static IResourceBuilder<T> WithPinnedMinioImage<T>(this IResourceBuilder<T> builder) where T : ContainerResource
    {
        // WithImage alone would keep the integration's docker.io registry.
        return builder
            .WithImage(MinioImage, MinioTag)
            .WithImageRegistry(MinioRegistry);
    }

    /// <summary>
    /// Points a service at MinIO through the development storage variables of DESIGN.md §4
    /// (<c>ENVIRONMENT</c>, <c>LOCAL_R2_ENDPOINT</c>, <c>LOCAL_R2_ACCESS_KEY</c>, <c>LOCAL_R2_SECRET_KEY</c>,
    /// <c>LOCAL_R2_BUCKET_NAME</c>).
    /// </summary>
    /// <remarks>
    /// <paramref name="minio"/> is typed <see cref="ContainerResource"/> because naming the integration's
    /// <c>MinioContainerResource</c> would raise CS0618 (the MinIO integration is obsolete).
    /// </remarks>
    public static IResourceBuilder<T> WithMinioStorage<T>(
        this IResourceBuilder<T> builder,
        IResourceBuilder<ContainerResource> minio,
        IResourceBuilder<ParameterResource> accessKey,
        IResourceBuilder<ParameterResource> secretKey)
        where T : IResourceWithEnvironment
    {
        return builder
            .WithEnvironment("ENVIRONMENT", "development")
            .WithEnvironment("LOCAL_R2_ENDPOINT", minio.GetEndpoint("http"))
            .WithEnvironment("LOCAL_R2_ACCESS_KEY", accessKey)
            .WithEnvironment("LOCAL_R2_SECRET_KEY", secretKey)
            .WithEnvironment("LOCAL_R2_BUCKET_NAME", BucketName)
            .WithEnvironment("LOCAL_R2_NOTIFY_ARN", WebhookTargetArn);
    }

    /// <summary>
    /// The local Cloudflare emulator (<c>npm run emulator</c> in workers/): an HTTP intake for MinIO's events, a
    /// Miniflare queue and the production Worker, which signs and posts each event to the WebhookApi.
    /// </summary>
    public static IResourceBuilder<JavaScriptAppResource> AddCloudflareEmulator(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ProjectResource> webhookApi,
        IResourceBuilder<ParameterResource> webhookSecret,
        IResourceBuilder<ParameterResource> minioWebhookToken)
    {
        return builder.AddJavaScriptApp(name, WorkersFolder, "emulator")
            .WithNpm(installCommand: "ci")
            .WithHttpEndpoint(port: 8787, env: "PORT")
            .WithHttpHealthCheck("/health")
            // MinIO calls in from its container, not from loopback.
            .WithEnvironment("EMULATOR_HOST", "0.0.0.0")
            .WithEnvironment("WEBHOOK_URL", ReferenceExpression.Create($"{webhookApi.GetEndpoint("http")}/webhooks/r2/object-created"))
            .WithEnvironment("WEBHOOK_SECRET", webhookSecret)
            .WithEnvironment("MINIO_WEBHOOK_TOKEN", minioWebhookToken)
            .WithEnvironment("WRANGLER_SEND_METRICS", "false")
            .WaitFor(webhookApi)
            // The Worker deploys to Cloudflare, not to the VPS.
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Defines MinIO's webhook target (MINIO_NOTIFY_WEBHOOK_*) as the emulator's intake, with a persistent queue for
    /// events the emulator misses; the services subscribe the bucket to it (<c>LOCAL_R2_NOTIFY_ARN</c>).
    /// </summary>
    public static IResourceBuilder<T> WithWebhookTarget<T>(
        this IResourceBuilder<T> minio,
        IResourceBuilder<JavaScriptAppResource> emulator,
        IResourceBuilder<ParameterResource> token)
        where T : ContainerResource
    {
        return minio
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_ENABLE_PRIMARY", "on")
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_ENDPOINT_PRIMARY", ReferenceExpression.Create($"{emulator.GetEndpoint("http")}/minio/events"))
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_PRIMARY", token)
            .WithEnvironment("MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_PRIMARY", "/queue")
            .WithVolume("minio-notify-queue", "/queue");
    }
}
