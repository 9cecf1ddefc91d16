using B3.Testing;
using B3.Testing.FakeB3;
using Npgsql;

namespace B3.EndToEnd.Tests;

/// <summary>
/// The whole pipeline on one machine, every part real and separate: a fake B3 on loopback, the S3 stand-in and the
/// Cloudflare emulator running the production Worker, the WebhookApi and the Processor as their own processes, each
/// exporting traces to an OTLP receiver of the test's. Tests drive it with the Downloader's command line.
/// </summary>
public class PipelineFixture : B3Fixture
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<IAsyncDisposable> _parts = [];

    public FakeB3Server B3 { get; private set; } = null!;

    public OtlpReceiver DownloaderTraces { get; private set; } = null!;

    public OtlpReceiver ProcessorTraces { get; private set; } = null!;

    public ServiceProcess WebhookApi { get; private set; } = null!;

    /// <summary>Between the Worker and the WebhookApi: passes everything through unless a test injects faults.</summary>
    public FaultProxy WebhookProxy { get; private set; } = null!;

    public S3Endpoint EmulatorS3 { get; private set; } = null!;

    public ServiceProcess Processor { get; private set; } = null!;

    /// <summary>The services' shared variables, storage pointing at the emulator's S3 stand-in.</summary>
    public Dictionary<string, string?> ServiceEnvironment { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>The emulator's intake for MinIO bucket notifications (<c>POST</c> S3 event records to enqueue them).</summary>
    public Uri Intake { get; private set; } = null!;

    /// <summary>The Processor's reconciler interval; off unless a fixture tests the fallback for lost events.</summary>
    protected virtual TimeSpan ReconcileInterval => TimeSpan.Zero;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        DataSource = Track(NpgsqlDataSource.Create(ConnectionString));
        B3 = Track(await FakeB3Server.StartAsync(new FakeB3Files(
            new FakeB3Template(new DateOnly(2025, 12, 5), Fixture("InstrumentsConsolidatedFile_20251205_1.csv")),
            new FakeB3Template(new DateOnly(2025, 1, 27), Fixture("TradeInformationConsolidatedFile_20250127_1.csv")),
            new FakeB3Template(new DateOnly(2024, 11, 8), Fixture("COTAHIST_D08112024.ZIP")))));
        DownloaderTraces = Track(await OtlpReceiver.StartAsync());
        ProcessorTraces = Track(await OtlpReceiver.StartAsync());

        var webhookApiUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        WebhookProxy = Track(await FaultProxy.StartAsync(webhookApiUrl));
        var emulator = Track(await NodeScripts.StartAsync(
            RepositoryPaths.Workers,
            Path.Combine("emulator", "index.mjs"),
            ["--s3", "--port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>
            {
                ["WEBHOOK_URL"] = new Uri(WebhookProxy.Url, "/webhooks/r2/object-created").ToString(),
                ["WEBHOOK_SECRET"] = WebhookSecret,
                ["WRANGLER_SEND_METRICS"] = "false",
            }));
        EmulatorS3 = S3Server.EndpointFrom(emulator.Ready, "s3");
        Intake = new Uri(emulator.Ready.GetProperty("events").GetString()!);
        ServiceEnvironment = new Dictionary<string, string?>(EnvironmentVariables)
        {
            ["LOCAL_R2_ENDPOINT"] = EmulatorS3.Url.ToString(),
            ["LOCAL_R2_ACCESS_KEY"] = EmulatorS3.AccessKey,
            ["LOCAL_R2_SECRET_KEY"] = EmulatorS3.SecretKey,
            ["DOWNLOADER_SCHEDULE_ENABLED"] = "false",
            ["Processor__PollInterval"] = "00:00:00.500",
            ["Processor__ReconcileInterval"] = ReconcileInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in B3.EnvironmentVariables)
        {
            ServiceEnvironment[name] = value;
        }

        WebhookApi = Track(ServiceProcess.Start("B3.WebhookApi", ServiceEnvironment, webhookApiUrl));
        Processor = Track(ServiceProcess.Start("B3.Processor", With(ServiceEnvironment, ProcessorTraces.EnvironmentVariables)));
        await Task.WhenAll(WebhookApi.WaitUntilHealthyAsync(StartTimeout), Processor.WaitUntilHealthyAsync(StartTimeout));
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var part in Enumerable.Reverse(_parts))
        {
            await part.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>Runs <c>b3-downloader args…</c> as its own process, tracing to <see cref="DownloaderTraces"/>.</summary>
    public Task<ProcessRun> DownloadAsync(params string[] args) =>
        ServiceProcess.RunAsync("B3.Downloader", args, With(ServiceEnvironment, DownloaderTraces.EnvironmentVariables), TimeSpan.FromMinutes(2));

    public static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> first, IReadOnlyDictionary<string, string?> second)
    {
        var merged = new Dictionary<string, string?>(first);
        foreach (var (name, value) in second)
        {
            merged[name] = value;
        }

        return merged;
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private T Track<T>(T part) where T : IAsyncDisposable
    {
        _parts.Add(part);
        return part;
    }
}
