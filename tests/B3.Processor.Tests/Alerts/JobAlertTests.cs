using System.Collections.Concurrent;
using System.Text.Json;
using B3.Core.Alerts;
using B3.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace B3.Processor.Tests.Alerts;

/// <summary>The real Processor, alerts on, with a storage that refuses every connection: each attempt fails transiently.</summary>
public sealed class JobAlertTests(JobAlertTests.Fixture fixture) : IClassFixture<JobAlertTests.Fixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AJobThatGoesDeadIsAlertedOnceNotTwiceWithinTheHour()
    {
        const string Key = "b3/trades/2025-12-05.csv";

        var first = await fixture.InsertJobAsync(Key, "etag-1");
        await fixture.WaitForStatusAsync(first, "dead");
        await fixture.WaitForAlertsAsync(1);
        // Another version of the same object dies too, within the hour: same cause, no second message.
        var second = await fixture.InsertJobAsync(Key, "etag-2");
        await fixture.WaitForStatusAsync(second, "dead");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var withinTheHour = fixture.Alerts.Count;
        var suppressed = await fixture.ScalarAsync<int>("SELECT suppressed_count FROM b3.alerts WHERE cause = $1", $"job-dead:{Key}");
        await fixture.ExecuteAsync("UPDATE b3.alerts SET last_sent_at = now() - interval '61 minutes' WHERE cause = $1", $"job-dead:{Key}");
        var third = await fixture.InsertJobAsync(Key, "etag-3");
        await fixture.WaitForStatusAsync(third, "dead");
        await fixture.WaitForAlertsAsync(2);

        Assert.Equal(1, withinTheHour);
        Assert.Equal(1, suppressed);
        using var message = JsonDocument.Parse(fixture.Alerts[0]);
        var text = message.RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("[B3.Processor] ", text);
        Assert.Contains($"Job {first} for {Key} is dead after attempt 1 of 1", text);
        Assert.Contains("StorageException", text);
        Assert.Equal(text, message.RootElement.GetProperty("content").GetString());
    }

    public sealed class Fixture : ProcessorFixture
    {
        private readonly ConcurrentQueue<string> _alerts = new();
        private LoopbackHttpServer _receiver = null!;
        private Host _host = null!;

        public IReadOnlyList<string> Alerts => [.. _alerts];

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            _receiver = await LoopbackHttpServer.StartAsync(async context =>
                _alerts.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync()));
            _host = new Host(new Dictionary<string, string?>(ConfigurationValues)
            {
                // Nothing listens there: every read of an object fails with a (transient) connection error.
                ["LOCAL_R2_ENDPOINT"] = $"http://127.0.0.1:{FreePort.Next()}",
                [AlertSettings.UrlVariable] = new Uri(_receiver.Url, "/hooks/alerts").ToString(),
                ["Processor:PollInterval"] = "00:00:00.200",
                ["Processor:ReconcileInterval"] = "00:00:00",
            });
            _host.CreateClient().Dispose();
        }

        public override async ValueTask DisposeAsync()
        {
            await _host.DisposeAsync();
            await _receiver.DisposeAsync();
            await base.DisposeAsync();
        }

        /// <summary>A job with a single attempt, as the WebhookApi would enqueue it.</summary>
        public Task<long> InsertJobAsync(string key, string etag) => ScalarAsync<long>(
            """
            INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, max_attempts)
            VALUES ($1, $2, $3, split_part($2, '/', 2), to_date(split_part(split_part($2, '/', 3), '.', 1), 'YYYY-MM-DD'), 1)
            RETURNING id
            """, BucketName, key, etag);

        public async Task WaitForStatusAsync(long jobId, string status)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (await ScalarAsync<string>("SELECT status FROM b3.ingestion_jobs WHERE id = $1", jobId) != status)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} did not become {status} within {Timeout}.");
                await Task.Delay(100);
            }
        }

        public async Task WaitForAlertsAsync(int count)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (_alerts.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{_alerts.Count} alert(s) arrived within {Timeout}, expected {count}.");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The Processor with the alert services; <c>AddAlerts</c> is idempotent, so this also holds once the service registers them itself.</summary>
    private sealed class Host(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddAlerts());
        }
    }
}
