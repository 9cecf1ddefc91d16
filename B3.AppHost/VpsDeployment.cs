using Aspire.Hosting.Docker.Resources.ComposeNodes;
using Aspire.Hosting.Docker.Resources.ServiceNodes;

namespace B3.AppHost;

/// <summary>
/// What <c>aspire publish</c> / <c>aspire deploy</c> produce: the Docker Compose deployment of one VPS, the same shape as
/// <c>deploy/docker-compose.yml</c> (docs/deploy.md) with Cloudflare R2 as storage.
/// </summary>
internal static class VpsDeployment
{
    private const string EnvironmentName = "vps";
    private const string DatabaseName = "b3db";
    private const string BucketName = "financial-data";
    private const string PostgresImageTag = "18.3";

    /// <summary>The port every service listens on inside its container (the aspnet image's default).</summary>
    private const int ServicePort = 8080;

    /// <summary>The aspnet image has neither curl nor wget: bash opens the port and reads the status line of GET /health.</summary>
    private const string HealthProbe =
        "exec 3<>/dev/tcp/127.0.0.1/8080 && printf \"GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n\" >&3 && head -n 1 <&3 | grep -q \" 200 \"";

    /// <summary>
    /// Adds the compose environment <c>vps</c>: size-capped json-file logs and <c>restart: unless-stopped</c> everywhere,
    /// health checks and <c>depends_on: service_healthy</c> (neither is translated from the AppHost), the database created
    /// by the container (<c>POSTGRES_DB</c>; the services also create it when missing and migrate it at start), R2 settings,
    /// the daily pg_dump and, under the compose profile <c>proxy</c>, Caddy with automatic TLS in front of the WebhookApi.
    /// </summary>
    public static void AddVpsDeployment(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<PostgresServerResource> postgres,
        IReadOnlyList<IResourceBuilder<ProjectResource>> services)
    {
        var r2AccountId = builder.AddParameter("r2-account-id");
        var r2AccessKeyId = builder.AddParameter("r2-access-key-id", secret: true);
        var r2SecretAccessKey = builder.AddParameter("r2-secret-access-key", secret: true);
        var r2BucketName = builder.AddParameter("r2-bucket-name", BucketName, publishValueAsDefault: true);
        var webhookDomain = builder.AddParameter("webhook-domain");

        builder.AddDockerComposeEnvironment(EnvironmentName)
            .ConfigureComposeFile(file =>
            {
                foreach (var service in file.Services.Values)
                {
                    service.Restart = "unless-stopped";
                    service.Logging = new Logging
                    {
                        Driver = "json-file",
                        Options = new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "5" },
                    };
                }
            });

        var database = postgres.Resource.Name.ToLowerInvariant();
        postgres
            .WithEnvironment("POSTGRES_DB", DatabaseName)
            .PublishAsDockerComposeService((_, service) => service.Healthcheck = new Healthcheck
            {
                Test = ["CMD", "pg_isready", "-U", "postgres", "-d", DatabaseName],
                Interval = "10s",
                Timeout = "5s",
                StartPeriod = "10s",
                Retries = 5,
            });

        foreach (var project in services)
        {
            project
                .WithEndpoint("http", endpoint => endpoint.TargetPort = ServicePort)
                // WaitFor(b3db) makes no depends_on in compose: wait on the server too (turned into service_healthy below).
                .WaitFor(postgres)
                .WithEnvironment("ENVIRONMENT", "production")
                .WithEnvironment("R2_ACCOUNT_ID", r2AccountId)
                .WithEnvironment("R2_ACCESS_KEY_ID", r2AccessKeyId)
                .WithEnvironment("R2_SECRET_ACCESS_KEY", r2SecretAccessKey)
                .WithEnvironment("R2_BUCKET_NAME", r2BucketName)
                .PublishAsDockerComposeService((_, service) =>
                {
                    service.Healthcheck = new Healthcheck
                    {
                        Test = ["CMD", "bash", "-c", HealthProbe],
                        Interval = "30s",
                        Timeout = "10s",
                        StartPeriod = "60s",
                        Retries = 3,
                    };
                    service.DependsOn[database] = new ServiceDependency { Condition = "service_healthy" };
                    service.CapDrop = ["ALL"];
                    service.SecurityOpt = ["no-new-privileges:true"];
                });
        }

        builder.AddContainer("backup", "postgres", PostgresImageTag)
            .WithEntrypoint("bash")
            .WithArgs("/usr/local/bin/pg-backup.sh")
            // Bind mounts become BACKUP_BINDMOUNT_<n> variables of the generated .env: point them at the VPS's paths.
            .WithBindMount("../deploy/pg-backup.sh", "/usr/local/bin/pg-backup.sh", isReadOnly: true)
            .WithBindMount("../deploy/backups", "/backups")
            .WithEnvironment("PGHOST", database)
            .WithEnvironment("PGUSER", "postgres")
            .WithEnvironment("PGPASSWORD", ReferenceExpression.Create($"{postgres.Resource.PasswordParameter}"))
            .WithEnvironment("PGDATABASE", DatabaseName)
            .WithEnvironment("BACKUP_TIME", "03:00")
            .WithEnvironment("BACKUP_KEEP_DAYS", "14")
            .WaitFor(postgres)
            .PublishAsDockerComposeService((_, service) => service.DependsOn[database] = new ServiceDependency { Condition = "service_healthy" });

        var webhookApi = services.Single(s => s.Resource.Name == "webhookapi");
        builder.AddContainer("caddy", "caddy", "2.10")
            .WithArgs("caddy", "reverse-proxy", "--from", webhookDomain.Resource, "--to", $"{webhookApi.Resource.Name}:{ServicePort}")
            .WithHttpEndpoint(port: 80, targetPort: 80, name: "http")
            .WithHttpsEndpoint(port: 443, targetPort: 443, name: "https")
            .WithExternalHttpEndpoints()
            .WithVolume("caddy-data", "/data")
            .WithVolume("caddy-config", "/config")
            .WaitFor(webhookApi)
            .PublishAsDockerComposeService((_, service) => service.Profiles = ["proxy"]);
    }
}
