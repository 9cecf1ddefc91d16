using System.Globalization;
using B3.Testing;
using B3.Testing.FakeB3;
using Microsoft.Extensions.DependencyInjection;

namespace B3.AppHost.Tests;

/// <summary>
/// The real AppHost as the <c>local</c> launch profile runs it (no Docker): the emulator's S3 stand-in and the Worker,
/// the three services and the Aspire dashboard, against a fresh database on the tests' PostgreSQL (CI's server, through
/// <c>ConnectionStrings:b3db</c>) and with the Downloader pointed at the fake B3. Ports are free ones, so a pipeline the
/// developer runs meanwhile is not disturbed.
/// </summary>
public sealed class LocalAppHostFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["downloader", "webhookapi", "processor"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _databaseName = $"b3_apphost_{Guid.NewGuid():N}"[..24];
    private readonly string _storageDirectory = Directory.CreateTempSubdirectory("b3-apphost-s3-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public FakeB3Server B3 { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public string ApiKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The key of the dashboard's telemetry API (<c>x-api-key</c>).</summary>
    public string DashboardApiKey { get; } = Guid.NewGuid().ToString("N");

    public async ValueTask InitializeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        var ct = timeout.Token;

        ConnectionString = await PostgresServer.CreateDatabaseAsync(_databaseName);
        B3 = await FakeB3Server.StartAsync(new FakeB3Files(
            new FakeB3Template(new DateOnly(2025, 12, 5), Fixture("InstrumentsConsolidatedFile_20251205_1.csv")),
            new FakeB3Template(new DateOnly(2025, 1, 27), Fixture("TradeInformationConsolidatedFile_20250127_1.csv")),
            new FakeB3Template(new DateOnly(2024, 11, 8), Fixture("COTAHIST_D08112024.ZIP"))));

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.B3_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            [.. Arguments().Select(setting => $"--{setting.Key}={setting.Value}")],
            ct);
        var downloader = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "downloader"))
            .WithEnvironment("DOWNLOADER_SCHEDULE_ENABLED", "false");
        foreach (var (name, value) in B3.EnvironmentVariables)
        {
            downloader.WithEnvironment(name, value);
        }

        App = await builder.BuildAsync(ct);
        await App.StartAsync(ct);
        await Task.WhenAll(Services.Append("cloudflare").Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, ct)));
    }

    private Dictionary<string, string> Arguments() => new()
    {
        ["Storage:Emulated"] = "true",
        ["Storage:EmulatedPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Storage:EmulatedDirectory"] = _storageDirectory,
        ["ConnectionStrings:b3db"] = ConnectionString,
        ["Parameters:api-key"] = ApiKey,
        ["Parameters:webhook-secret"] = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        // The dashboard on free ports, its telemetry API open to the tests with their key.
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        ["AppHost:DashboardApiKey"] = DashboardApiKey,
    };

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (B3 is not null)
        {
            await B3.DisposeAsync();
        }

        await PostgresServer.DropDatabaseAsync(_databaseName);
        Directory.Delete(_storageDirectory, recursive: true);
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
