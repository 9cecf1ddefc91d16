namespace B3.AppHost.Cloudflare;

internal static class CloudflareEmulatorExtensions
{
    public const int DefaultS3Port = 9000;

    private const string WorkersFolder = "../workers";

    /// <summary>
    /// The emulator, after <c>npm ci</c> in workers/ (skipped while node_modules matches package-lock.json, so a running
    /// emulator or test elsewhere keeps its packages). Its queue retries a webhook that fails, so it needs not wait for
    /// the WebhookApi.
    /// </summary>
    public static IResourceBuilder<CloudflareEmulatorResource> AddCloudflareEmulator(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> webhookSecret)
    {
        var workers = Path.GetFullPath(WorkersFolder, builder.AppHostDirectory);
        var install = builder.AddExecutable($"{name}-npm-ci", "node", workers, "scripts/npm-ci-when-stale.mjs")
            .ExcludeFromManifest();

        return builder.AddResource(new CloudflareEmulatorResource(name, workers))
            .WithArgs("emulator/index.mjs")
            .WithHttpEndpoint(name: CloudflareEmulatorResource.IntakeEndpointName, env: "PORT")
            .WithHttpHealthCheck("/health", endpointName: CloudflareEmulatorResource.IntakeEndpointName)
            .WithEnvironment("WEBHOOK_SECRET", webhookSecret)
            .WithEnvironment("WRANGLER_SEND_METRICS", "false")
            .WaitForCompletion(install)
            // The Worker deploys to Cloudflare, not to the VPS.
            .ExcludeFromManifest();
    }

    /// <summary>Has the Worker sign and post every event to the WebhookApi's <c>POST /webhooks/r2/object-created</c>.</summary>
    public static IResourceBuilder<CloudflareEmulatorResource> WithWebhookTo(
        this IResourceBuilder<CloudflareEmulatorResource> emulator, IResourceBuilder<ProjectResource> webhookApi)
    {
        return emulator.WithEnvironment("WEBHOOK_URL",
            ReferenceExpression.Create($"{webhookApi.GetEndpoint("http")}/webhooks/r2/object-created"));
    }

    /// <summary>
    /// Runs the S3 stand-in inside the emulator on <paramref name="port"/>, its objects in <c>Storage:EmulatedDirectory</c>
    /// (default <c>~/.local/share/b3-pipeline/s3</c>, kept between runs); each object it stores becomes an R2 event.
    /// </summary>
    public static IResourceBuilder<CloudflareEmulatorResource> WithS3StandIn(this IResourceBuilder<CloudflareEmulatorResource> emulator, int port)
    {
        var configured = emulator.ApplicationBuilder.Configuration["Storage:EmulatedDirectory"];
        var directory = configured is { Length: > 0 }
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "b3-pipeline", "s3");
        Directory.CreateDirectory(directory);
        return emulator
            .WithArgs("--s3", "--s3-directory", directory)
            .WithHttpEndpoint(port: port, name: CloudflareEmulatorResource.S3EndpointName, env: "EMULATOR_S3_PORT");
    }
}
