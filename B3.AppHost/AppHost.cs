using B3.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var publishing = builder.ExecutionContext.IsPublishMode;

// Letters and digits only, so the key pastes into an X-Api-Key header from any shell.
var apiKey = builder.AddParameter("api-key", new GenerateParameterDefault { MinLength = 32, Special = false },
    secret: true, persist: true);
// No generated default: WEBHOOK_SECRET must be "whsec_" + base64 of 24-64 random bytes. Set it once with
// dotnet user-secrets set "Parameters:webhook-secret" "whsec_$(openssl rand -base64 32)" --project B3.AppHost
var webhookSecret = builder.AddParameter("webhook-secret", secret: true);
// Optional Slack/Discord incoming-webhook URL; empty means alerts are only logged.
var alertWebhookUrl = builder.AddParameter("alert-webhook-url", string.Empty, secret: true);

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume();
if (!publishing)
{
    postgres.WithPgAdmin().WithLifetime(ContainerLifetime.Persistent);
}

var b3db = postgres.AddDatabase("b3db");

// Services (their http endpoints come from each project's launchSettings.json)
var downloader = builder.AddProject<Projects.B3_Downloader>("downloader")
    .WithHttpHealthCheck("/health")
    .WithReference(b3db).WaitFor(b3db)
    .WithEnvironment("API_KEY", apiKey)
    .WithEnvironment("ALERT_WEBHOOK_URL", alertWebhookUrl);

var webhookapi = builder.AddProject<Projects.B3_WebhookApi>("webhookapi")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(b3db).WaitFor(b3db)
    .WithEnvironment("WEBHOOK_SECRET", webhookSecret)
    .WithEnvironment("API_KEY", apiKey);

var processor = builder.AddProject<Projects.B3_Processor>("processor")
    .WithHttpHealthCheck("/health")
    .WithReference(b3db).WaitFor(b3db)
    .WithEnvironment("ALERT_WEBHOOK_URL", alertWebhookUrl);

if (publishing)
{
    // `aspire publish` / `aspire deploy`: the VPS deployment of deploy/docker-compose.yml, with Cloudflare R2 as storage
    // (the Worker deploys to Cloudflare; MinIO and the emulator are local-only).
    builder.AddVpsDeployment(postgres, [downloader, webhookapi, processor]);
}
else
{
    var minioUser = builder.AddParameter("minio-user", "minioadmin");
    // Generated on the first run and kept in user secrets: `dotnet run` asks for nothing and persistent MinIO keeps its password.
    var minioPassword = builder.AddParameter("minio-password", new GenerateParameterDefault(), secret: true, persist: true);
    var minioWebhookToken = builder.AddParameter("minio-webhook-token", new GenerateParameterDefault { MinLength = 32, Special = false },
        secret: true, persist: true);

    var minio = builder.AddMinioContainer("minio", minioUser, minioPassword)
        .WithPinnedMinioImage()
        .WithDataVolume()
        .WithLifetime(ContainerLifetime.Persistent);
    foreach (var service in new[] { downloader, webhookapi, processor })
    {
        service.WaitFor(minio).WithMinioStorage(minio, minioUser, minioPassword);
    }

    // R2 event notifications + Queue + Worker, locally: MinIO posts object-created events to the emulator, which runs
    // the production Worker code in Miniflare and delivers signed webhooks to the WebhookApi.
    var cloudflare = builder.AddCloudflareEmulator("cloudflare", webhookapi, webhookSecret, minioWebhookToken);
    minio.WithWebhookTarget(cloudflare, minioWebhookToken);
}

builder.Build().Run();
