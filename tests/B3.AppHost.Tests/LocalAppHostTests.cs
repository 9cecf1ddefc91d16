using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace B3.AppHost.Tests;

/// <summary>
/// <c>dotnet run --project B3.AppHost --launch-profile local</c>, in-process: every resource comes up healthy, a day
/// the Downloader fetches from the fake B3 goes through the Worker to the rows the API serves, and the Aspire dashboard
/// shows that file's trace across the three services.
/// </summary>
public sealed class LocalAppHostTests(LocalAppHostFixture fixture) : IClassFixture<LocalAppHostFixture>
{
    private const string Key = "b3/cotahist/2024-11-08.zip";
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public void EveryResourceIsHealthyAndTheWorkersPackagesWereInstalled()
    {
        foreach (var name in LocalAppHostFixture.Services.Append("cloudflare"))
        {
            Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(name, out var current), $"{name} has no state.");
            Assert.Equal(KnownResourceStates.Running, current.Snapshot.State?.Text);
            Assert.Equal(HealthStatus.Healthy, current.Snapshot.HealthStatus);
        }

        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("cloudflare-npm-ci", out var install));
        Assert.Equal(KnownResourceStates.Finished, install.Snapshot.State?.Text);
        Assert.Equal(0, install.Snapshot.ExitCode);
    }

    [Fact]
    public async Task ADayTheDownloaderStoresIsServedByTheApiAndItsTraceIsShownByTheDashboard()
    {
        var ct = TestContext.Current.CancellationToken;

        // The Downloader fetches the day from the fake B3 and stores it unchanged in the emulator's S3 stand-in.
        using var downloader = fixture.App.CreateHttpClient("downloader");
        downloader.DefaultRequestHeaders.Add("X-Api-Key", fixture.ApiKey);
        using var run = await downloader.PostAsync("/ingestion/run?dt=2024-11-08&dataset=cotahist", content: null, ct);
        var ran = await run.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(run.StatusCode == HttpStatusCode.OK, ran.ToString());
        Assert.Equal([Key], ran.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "COTAHIST_D08112024.ZIP")), await StoredBytesAsync(ct));

        // The object's event goes through the Worker to the WebhookApi; the Processor loads it; the API serves it.
        using var api = fixture.App.CreateHttpClient("webhookapi");
        api.DefaultRequestHeaders.Add("X-Api-Key", fixture.ApiKey);
        var bars = await EventuallyAsync(async () =>
        {
            // 404 until the ticker has rows.
            using var response = await api.GetAsync("/api/quotes/PETR4?from=2024-11-08&to=2024-11-08", ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            List<JsonElement> items = [.. (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("items").EnumerateArray()];
            return items.Count > 0 ? items : null;
        }, $"PETR4 of 2024-11-08 was not served within {LoadTimeout}.", ct);
        Assert.Equal(36.18m, bars[0].GetProperty("close").GetDecimal());

        // One trace follows the file: the Downloader's upload, the Worker's webhook into the WebhookApi, the Processor.
        var traceId = (await TraceParentAsync(ct)).Split('-')[1];
        var dashboard = await fixture.App.GetDashboardUrlAsync(ct);
        using var telemetry = new HttpClient { BaseAddress = new Uri(dashboard.GetLeftPart(UriPartial.Authority)) };
        telemetry.DefaultRequestHeaders.Add("x-api-key", fixture.DashboardApiKey);
        var services = await EventuallyAsync(async () =>
        {
            var names = await ServicesInTraceAsync(telemetry, traceId, ct);
            return LocalAppHostFixture.Services.All(names.Contains) ? names : null;
        }, $"The dashboard has no spans of trace {traceId} from all of {string.Join(", ", LocalAppHostFixture.Services)}.", ct);
        Assert.Superset(LocalAppHostFixture.Services.ToHashSet(), services);

        // The dashboard's own trace view, in headless Chromium.
        var screenshot = HeadlessChromium.ScreenshotPath("aspire-trace.png");
        var shown = await HeadlessChromium.RunAsync("screenshot-aspire-trace.mjs",
            ["--url", dashboard.ToString(), "--trace", traceId, "--resources", string.Join(',', LocalAppHostFixture.Services), "--out", screenshot],
            TimeSpan.FromSeconds(90), ct);
        TestContext.Current.SendDiagnosticMessage($"Aspire dashboard screenshot: {screenshot}");
        Assert.True(shown.GetProperty("found").GetBoolean(), shown.ToString());
        Assert.Equal(LocalAppHostFixture.Services, shown.GetProperty("resourcesShown").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains($"/traces/detail/{traceId}", shown.GetProperty("address").GetString());
        Assert.True(new FileInfo(screenshot).Length > 20_000, $"{screenshot} is almost empty.");
    }

    private async Task<byte[]> StoredBytesAsync(CancellationToken ct)
    {
        var settings = new StorageSettings(fixture.App.GetEndpoint("cloudflare", "s3"), "S3RVER", "S3RVER", StorageSettings.DefaultBucketName, "us-east-1");
        using var client = StorageExtensions.CreateClient(settings, new RetrySettings());
        using var stored = await client.GetObjectAsync(new GetObjectRequest { BucketName = settings.BucketName, Key = Key }, ct);
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes, ct);
        return bytes.ToArray();
    }

    private async Task<string> TraceParentAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT traceparent FROM b3.ingestion_jobs WHERE object_key = $1", connection) { Parameters = { new() { Value = Key } } };
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The <c>service.name</c> of every resource with spans in the trace, from the dashboard's telemetry API.</summary>
    private static async Task<HashSet<string>> ServicesInTraceAsync(HttpClient telemetry, string traceId, CancellationToken ct)
    {
        using var response = await telemetry.GetAsync($"/api/telemetry/traces/{traceId}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return [.. body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(spans => spans.GetProperty("resource").GetProperty("attributes").EnumerateArray())
            .Where(attribute => attribute.GetProperty("key").GetString() == "service.name")
            .Select(attribute => attribute.GetProperty("value").GetProperty("stringValue").GetString()!)];
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string failure, CancellationToken ct) where T : class
    {
        var deadline = DateTime.UtcNow + LoadTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            await Task.Delay(500, ct);
        }

        throw new TimeoutException(failure);
    }
}
