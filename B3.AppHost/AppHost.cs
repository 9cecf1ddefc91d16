using B3.AppHost.Cloudflare;
using B3.AppHost.Database;
using B3.AppHost.Services;
using B3.AppHost.Storage;

var builder = DistributedApplication.CreateBuilder(args);

// Letters and digits only, so the key pastes into an X-Api-Key header from any shell.
var apiKey = builder.AddParameter("api-key", new GenerateParameterDefault { MinLength = 32, Special = false },
    secret: true, persist: true);
// No generated default: WEBHOOK_SECRET must be "whsec_" + base64 of 24-64 random bytes. Set it once with
// dotnet user-secrets set "Parameters:webhook-secret" "whsec_$(openssl rand -base64 32)" --project B3.AppHost
var webhookSecret = builder.AddParameter("webhook-secret", secret: true);
// Optional Slack/Discord incoming-webhook URL; empty means alerts are only logged.
var alertWebhookUrl = builder.AddParameter("alert-webhook-url", string.Empty, secret: true);

// R2's event notifications, Queue and Worker, locally: the production Worker in Miniflare, fed by the storage's events.
var cloudflare = builder.AddCloudflareEmulator("cloudflare", webhookSecret);

// Infrastructure: containers by default, or what configuration names instead (README, "Running the pipeline").
var database = builder.AddB3Database();
var storage = builder.AddB3Storage(cloudflare);

var downloader = builder.AddProject<Projects.B3_Downloader>("downloader")
    .WithB3Infrastructure(database, storage)
    .WithEnvironment("API_KEY", apiKey)
    .WithEnvironment("ALERT_WEBHOOK_URL", alertWebhookUrl);

var webhookapi = builder.AddProject<Projects.B3_WebhookApi>("webhookapi")
    .WithExternalHttpEndpoints()
    .WithB3Infrastructure(database, storage)
    .WithEnvironment("WEBHOOK_SECRET", webhookSecret)
    .WithEnvironment("API_KEY", apiKey);

builder.AddProject<Projects.B3_Processor>("processor")
    .WithB3Infrastructure(database, storage)
    .WithEnvironment("ALERT_WEBHOOK_URL", alertWebhookUrl);

cloudflare.WithWebhookTo(webhookapi);

builder.FailFastWithoutContainerRuntime();
try
{
    await builder.Build().RunAsync();
}
catch (ContainerRuntimeMissingException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

return 0;
