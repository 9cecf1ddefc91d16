using B3.AppHost.Database;
using Aspire.Hosting.Postgres;
using B3.AppHost.Cloudflare;

namespace B3.AppHost.Tests;

/// <summary>
/// The application model of each way to get infrastructure (README, "Running the pipeline"), built but not started:
/// which resources there are, and what each service is given.
/// </summary>
public sealed class ModelTests
{
    private const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private const string PostgresPassword = "test0postgres0password";

    private static readonly string[] Services = ["downloader", "webhookapi", "processor"];

    /// <summary>What each service reads (DESIGN.md §4, README "Configuration"), besides what Aspire itself sets.</summary>
    private static readonly Dictionary<string, string[]> VariablesRead = new()
    {
        ["downloader"] = ["API_KEY", "ALERT_WEBHOOK_URL"],
        ["webhookapi"] = ["API_KEY", "WEBHOOK_SECRET"],
        ["processor"] = ["ALERT_WEBHOOK_URL"],
    };

    private static readonly string[] StorageAndDatabase =
        ["ENVIRONMENT", "ConnectionStrings__b3db", "LOCAL_R2_ENDPOINT", "LOCAL_R2_ACCESS_KEY", "LOCAL_R2_SECRET_KEY", "LOCAL_R2_BUCKET_NAME"];

    public static TheoryData<string> Modes => ["containers", "configured servers", "local"];

    private static Dictionary<string, string> Configuration(string mode)
    {
        // Every parameter given, so nothing is generated into the developer's user secrets.
        Dictionary<string, string> configuration = new()
        {
            ["Parameters:webhook-secret"] = WebhookSecret,
            ["Parameters:api-key"] = "test-api-key",
            ["Parameters:minio-password"] = "test-minio-password",
            ["Parameters:postgres-password"] = PostgresPassword,
        };
        switch (mode)
        {
            case "configured servers":
                configuration["ConnectionStrings:b3db"] = "Host=db.example;Username=b3;Password=p;Database=b3db";
                configuration["Storage:Endpoint"] = "http://s3.example:9000";
                configuration["Storage:AccessKey"] = "access";
                configuration["Storage:SecretKey"] = "secret";
                break;
            case "local":
                configuration["Storage:Emulated"] = "true";
                configuration["Postgres:Embedded"] = "true";
                configuration["Postgres:DataDirectory"] = Path.Combine(Path.GetTempPath(), "b3-apphost-model-test");
                configuration["Storage:EmulatedDirectory"] = Path.Combine(Path.GetTempPath(), "b3-apphost-model-test-s3");
                break;
        }

        return configuration;
    }

    [Fact]
    public async Task ByDefaultPostgresWithPgAdminAndMinioRunAsContainersOfPinnedImages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppHostModel.BuildAsync(Configuration("containers"), ct);

        Assert.IsType<PostgresServerResource>(model["postgres"]);
        Assert.IsType<PostgresDatabaseResource>(model["b3db"]);
        Assert.IsType<PgAdminContainerResource>(model["pgadmin"]);
        var minio = Assert.IsType<ContainerResource>(model["minio"]);
        Assert.Equal(["console", "http"], minio.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name).Order());
        Assert.Contains(minio.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Target == "/data" && mount.Type == ContainerMountType.Volume);
        Assert.Contains(model["postgres"].Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.Volume);
        Assert.Contains(minio.Annotations, annotation => annotation is HealthCheckAnnotation);

        var containers = model.Resources.OfType<ContainerResource>().ToList();
        Assert.Equal(["minio", "pgadmin", "postgres"], containers.Select(c => c.Name).Order());
        foreach (var container in containers)
        {
            var image = container.Annotations.OfType<ContainerImageAnnotation>().Single();
            Assert.False(string.IsNullOrEmpty(image.Tag) || image.Tag == "latest", $"{container.Name}'s image {image.Image} has no pinned tag.");
            Assert.False(string.IsNullOrEmpty(image.Registry), $"{container.Name}'s image {image.Image} names no registry.");
        }

        Assert.Equal(("quay.io", "minio/minio", "RELEASE.2025-09-07T16-13-09Z"),
            minio.Annotations.OfType<ContainerImageAnnotation>().Select(i => (i.Registry, i.Image, i.Tag)).Single());

        // MinIO's bucket events go to the emulator's intake, which the services subscribe the bucket to.
        var minioEnvironment = await model.EnvironmentOfAsync("minio", DistributedApplicationOperation.Publish, ct);
        Assert.Equal("{cloudflare.bindings.http.url}/minio/events", minioEnvironment["MINIO_NOTIFY_WEBHOOK_ENDPOINT_PRIMARY"]);
        Assert.Equal("{minio-webhook-token.value}", minioEnvironment["MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_PRIMARY"]);
        var emulatorEnvironment = await model.EnvironmentOfAsync("cloudflare", DistributedApplicationOperation.Publish, ct);
        Assert.Equal("{minio-webhook-token.value}", emulatorEnvironment["MINIO_WEBHOOK_TOKEN"]);
        Assert.Equal("0.0.0.0", emulatorEnvironment["EMULATOR_HOST"]);
        foreach (var service in Services)
        {
            var environment = await model.EnvironmentOfAsync(service, DistributedApplicationOperation.Publish, ct);
            AssertInfrastructure(environment, "{b3db.connectionString}", "{minio.bindings.http.url}", "{minio-user.value}", "{minio-password.value}");
            Assert.Equal("arn:minio:sqs::PRIMARY:webhook", environment["LOCAL_R2_NOTIFY_ARN"]);
            AssertWaitsFor(model[service], "b3db", "minio", "postgres");
        }
    }

    [Fact]
    public async Task ConfiguredServersReplaceTheContainersAndNothingWaitsForThem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppHostModel.BuildAsync(Configuration("configured servers"), ct);

        Assert.Empty(model.Resources.OfType<ContainerResource>());
        Assert.DoesNotContain(model.Resources, resource => resource.Name is "postgres" or "minio");
        foreach (var service in Services)
        {
            var environment = await model.EnvironmentOfAsync(service, DistributedApplicationOperation.Run, ct);
            AssertInfrastructure(environment, "Host=db.example;Username=b3;Password=p;Database=b3db", "http://s3.example:9000", "access", "secret");
            Assert.False(environment.ContainsKey("LOCAL_R2_NOTIFY_ARN"));
            AssertWaitsFor(model[service]);
        }

        Assert.True(((ParameterResource)model["storage-access-key"]).Secret);
        Assert.True(((ParameterResource)model["storage-secret-key"]).Secret);
    }

    [Fact]
    public async Task TheLocalProfileRunsPostgresFromTheMachinesBinariesAndTheEmulatorsS3StandIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppHostModel.BuildAsync(Configuration("local"), ct);

        Assert.Empty(model.Resources.OfType<ContainerResource>());
        var postgres = Assert.IsType<LocalPostgresResource>(model["postgres"]);
        // The server binary is the command, or setpriv's argument when the AppHost runs as root.
        Assert.Contains((await model.ArgumentsOfAsync("postgres", ct)).Append(postgres.Command), a => a.EndsWith("/bin/postgres", StringComparison.Ordinal));
        Assert.Contains(postgres.Annotations, annotation => annotation is HealthCheckAnnotation);
        var pgPort = (await model.EnvironmentOfAsync("postgres", DistributedApplicationOperation.Publish, ct))["PGPORT"];
        Assert.Equal("{postgres.bindings.tcp.targetPort}", pgPort);

        var emulator = Assert.IsType<CloudflareEmulatorResource>(model["cloudflare"]);
        var s3 = emulator.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "s3");
        Assert.Equal(9000, s3.Port);
        Assert.Contains("--s3", await model.ArgumentsOfAsync("cloudflare", ct));

        foreach (var service in Services)
        {
            var environment = await model.EnvironmentOfAsync(service, DistributedApplicationOperation.Publish, ct);
            AssertInfrastructure(environment, "{b3db.connectionString}", "{cloudflare.bindings.s3.url}", "{storage-access-key.value}", "{storage-secret-key.value}");
            AssertWaitsFor(model[service], "postgres", "cloudflare");
        }

        var b3db = await ((IResourceWithConnectionString)model["b3db"]).ConnectionStringExpression.GetValueAsync(ct);
        var port = postgres.Annotations.OfType<EndpointAnnotation>().Single().AllocatedEndpoint!.Port;
        Assert.Equal($"Host=localhost;Port={port};Username=postgres;Password={PostgresPassword};Database=b3db", b3db);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EachServiceGetsExactlyTheVariablesItReadsAndTheOtlpEndpoint(string mode)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppHostModel.BuildAsync(Configuration(mode), ct);

        foreach (var service in Services)
        {
            var environment = await model.EnvironmentOfAsync(service, DistributedApplicationOperation.Run, ct);
            var ours = environment.Keys.Where(name => !name.StartsWith("OTEL_", StringComparison.Ordinal)
                && !name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) && !name.StartsWith("DOTNET_", StringComparison.Ordinal)
                && name != "LOGGING__CONSOLE__FORMATTERNAME");
            string[] expected = [.. StorageAndDatabase, .. VariablesRead[service], .. mode == "containers" ? ["LOCAL_R2_NOTIFY_ARN"] : Array.Empty<string>()];
            Assert.Equal(expected.Order(), ours.Order());
            Assert.Equal("development", environment["ENVIRONMENT"]);
            Assert.Equal("financial-data", environment["LOCAL_R2_BUCKET_NAME"]);
            // DCP fills the service name in from the resource's name when it starts the process.
            Assert.Contains("OTEL_SERVICE_NAME", environment.Keys);
            Assert.True(Uri.TryCreate(environment["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out _), $"{service} has no OTLP endpoint.");
            Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", environment.Keys);
        }

        var emulator = await model.EnvironmentOfAsync("cloudflare", DistributedApplicationOperation.Publish, ct);
        Assert.Equal("{webhookapi.bindings.http.url}/webhooks/r2/object-created", emulator["WEBHOOK_URL"]);
        Assert.Equal("{webhook-secret.value}", emulator["WEBHOOK_SECRET"]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EverySecretComesFromASecretParameter(string mode)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppHostModel.BuildAsync(Configuration(mode), ct);

        string[] secretVariables = ["API_KEY", "WEBHOOK_SECRET", "LOCAL_R2_SECRET_KEY", "ALERT_WEBHOOK_URL", "MINIO_ROOT_PASSWORD", "MINIO_WEBHOOK_TOKEN", "MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_PRIMARY"];
        var sources = new List<string>();
        foreach (var resource in model.Resources.OfType<IResourceWithEnvironment>())
        {
            var environment = await model.EnvironmentOfAsync(resource.Name, DistributedApplicationOperation.Publish, ct);
            sources.AddRange(environment.Where(variable => secretVariables.Contains(variable.Key)).Select(variable => variable.Value));
        }

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var parameter = Assert.IsType<ParameterResource>(model[source.Trim('{', '}').Replace(".value", "", StringComparison.Ordinal)]);
            Assert.True(parameter.Secret, $"Parameter {parameter.Name} holds a secret but is not marked secret.");
        }

        // The passwords inside the connection string of the database are secret too.
        foreach (var parameter in model.Resources.OfType<ParameterResource>().Where(p => p.Name.EndsWith("password", StringComparison.Ordinal)))
        {
            Assert.True(parameter.Secret, $"Parameter {parameter.Name} is not marked secret.");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task NothingWaitsForItselfThroughOtherResources(string mode)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppHostModel.BuildAsync(Configuration(mode), ct);

        var waitsFor = model.Resources.ToDictionary(r => r.Name, r => r.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToList());
        foreach (var start in waitsFor.Keys)
        {
            var path = new Stack<string>([start]);
            AssertNoCycle(start, waitsFor, path);
        }

        // The emulator starts after its npm packages are installed.
        Assert.Contains(model["cloudflare"].Annotations.OfType<WaitAnnotation>(),
            wait => wait.Resource.Name == "cloudflare-npm-ci" && wait.WaitType == WaitType.WaitForCompletion);
    }

    private static void AssertNoCycle(string name, Dictionary<string, List<string>> waitsFor, Stack<string> path)
    {
        foreach (var dependency in waitsFor[name])
        {
            Assert.False(path.Contains(dependency), $"Wait cycle: {string.Join(" → ", path.Reverse().Append(dependency))}");
            path.Push(dependency);
            AssertNoCycle(dependency, waitsFor, path);
            path.Pop();
        }
    }

    private static void AssertInfrastructure(IReadOnlyDictionary<string, string> environment, string database, string storage, string accessKey, string secretKey)
    {
        Assert.Equal(database, environment["ConnectionStrings__b3db"]);
        Assert.Equal(storage, environment["LOCAL_R2_ENDPOINT"]);
        Assert.Equal(accessKey, environment["LOCAL_R2_ACCESS_KEY"]);
        Assert.Equal(secretKey, environment["LOCAL_R2_SECRET_KEY"]);
    }

    private static void AssertWaitsFor(IResource service, params string[] dependencies) =>
        Assert.Equal(dependencies.Order(), service.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order());
}
