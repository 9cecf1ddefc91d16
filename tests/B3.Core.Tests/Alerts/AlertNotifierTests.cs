using System.Collections.Concurrent;
using System.Text.Json;
using B3.Core.Alerts;
using B3.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace B3.Core.Tests.Alerts;

public sealed class AlertNotifierTests(AlertNotifierTests.Fixture fixture) : IClassFixture<AlertNotifierTests.Fixture>
{
    [Fact]
    public async Task PostsTheSameTextAsSlackTextAndDiscordContent()
    {
        await using var receiver = await Receiver.StartAsync();
        var notifier = CreateNotifier(receiver.Url);

        var outcome = await notifier.NotifyAsync(new Alert($"test:{Guid.NewGuid()}", "Job 7 for b3/trades/2025-12-05.csv is dead"), TestContext.Current.CancellationToken);

        Assert.Equal(AlertOutcome.Sent, outcome);
        using var body = JsonDocument.Parse(Assert.Single(receiver.Bodies));
        Assert.Equal("[B3.Core.Tests] Job 7 for b3/trades/2025-12-05.csv is dead", body.RootElement.GetProperty("text").GetString());
        Assert.Equal(body.RootElement.GetProperty("text").GetString(), body.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ACauseIsSentOnceAnHourAcrossInstancesAndAgainAfterTheHour()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await Receiver.StartAsync();
        var cause = $"job-dead:b3/cotahist/{Guid.NewGuid()}.zip";
        var instances = Enumerable.Range(0, 4).Select(_ => CreateNotifier(receiver.Url)).ToList();

        var outcomes = await Task.WhenAll(instances.Select(n => n.NotifyAsync(new Alert(cause, "dead"), ct)));
        var again = await instances[0].NotifyAsync(new Alert(cause, "dead again"), ct);
        await fixture.ExecuteAsync("UPDATE b3.alerts SET last_sent_at = now() - interval '61 minutes' WHERE cause = $1", cause);
        var afterTheHour = await instances[1].NotifyAsync(new Alert(cause, "dead after an hour"), ct);

        Assert.Equal(1, outcomes.Count(o => o == AlertOutcome.Sent));
        Assert.Equal(3, outcomes.Count(o => o == AlertOutcome.Suppressed));
        Assert.Equal(AlertOutcome.Suppressed, again);
        Assert.Equal(AlertOutcome.Sent, afterTheHour);
        Assert.Equal(2, receiver.Bodies.Count);
        Assert.Equal((2, 4), await fixture.CountsAsync(cause));
    }

    [Fact]
    public async Task AFailingReceiverIsRetriedByTheServiceDefaultsPolicyOnceAndReleasesTheCause()
    {
        var ct = TestContext.Current.CancellationToken;
        var answer = StatusCodes.Status503ServiceUnavailable;
        await using var receiver = await Receiver.StartAsync(() => answer);
        var notifier = CreateNotifier(receiver.Url);
        var cause = $"download-missing:{Guid.NewGuid()}";

        var failed = await notifier.NotifyAsync(new Alert(cause, "missing"), ct);
        var attempts = receiver.Bodies.Count;
        answer = StatusCodes.Status204NoContent;
        var retried = await notifier.NotifyAsync(new Alert(cause, "still missing"), ct);

        Assert.Equal(AlertOutcome.Failed, failed);
        // Resilience__MaxAttempts (3), by the standard resilience handler alone.
        Assert.Equal(3, attempts);
        Assert.Equal(AlertOutcome.Sent, retried);
    }

    [Fact]
    public async Task WithoutAnAlertUrlAlertsAreOnlyLogged()
    {
        var cause = $"dlq:{Guid.NewGuid()}";

        var outcome = await CreateNotifier(null).NotifyAsync(new Alert(cause, "text"), TestContext.Current.CancellationToken);

        Assert.Equal(AlertOutcome.LoggedOnly, outcome);
        Assert.Equal((0, 0), await fixture.CountsAsync(cause));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://hooks.example/secret-token")]
    public void AMalformedAlertUrlStopsTheStartWithoutShowingIt(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(AlertSettings.UrlVariable, value)]).Build();

        var failure = Assert.Throws<InvalidOperationException>(() => AlertSettings.FromConfiguration(configuration));

        Assert.Contains(AlertSettings.UrlVariable, failure.Message);
        Assert.DoesNotContain(value, failure.Message);
    }

    /// <summary>A notifier as a service gets it, after AddServiceDefaults.</summary>
    private AlertNotifier CreateNotifier(Uri? url)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "B3.Core.Tests", EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection([
            new(AlertSettings.UrlVariable, url?.ToString()),
            new("Resilience:BaseDelay", "00:00:00.020"),
        ]);
        builder.AddServiceDefaults();

        builder.Services.AddSingleton(fixture.DataSource);
        builder.AddAlerts();
        return builder.Build().Services.GetRequiredService<AlertNotifier>();
    }

    /// <summary>An alert webhook (Slack, Discord) on loopback that keeps every body it receives.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _bodies = new();
        private LoopbackHttpServer _server = null!;

        public Uri Url => new(_server.Url, "/hooks/alerts");

        public IReadOnlyList<string> Bodies => [.. _bodies];

        public static async Task<Receiver> StartAsync(Func<int>? status = null)
        {
            var receiver = new Receiver();
            receiver._server = await LoopbackHttpServer.StartAsync(async context =>
            {
                receiver._bodies.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync());
                context.Response.StatusCode = status?.Invoke() ?? StatusCodes.Status200OK;
            });
            return receiver;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }

    public sealed class Fixture : MigratedDatabaseFixture
    {
        /// <summary>(sent_count, suppressed_count) of a cause; (0, 0) when it has no row.</summary>
        public async Task<(int Sent, int Suppressed)> CountsAsync(string cause)
        {
            await using var command = DataSource.CreateCommand("SELECT sent_count, suppressed_count FROM b3.alerts WHERE cause = $1");
            command.Parameters.Add(new() { Value = cause });
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetInt32(1)) : (0, 0);
        }
    }
}
