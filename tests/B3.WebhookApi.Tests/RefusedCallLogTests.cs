using System.Net;
using B3.Testing;
using B3.WebhookApi.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace B3.WebhookApi.Tests;

public sealed class RefusedCallLogTests
{
    [Fact]
    public void AFloodOfRefusalsIsOneLinePerIntervalThatCountsTheRest()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 28, 10, 0, 0, TimeSpan.Zero));
        var logger = new LinesLogger();
        var log = new RefusedCallLog(time, logger);

        log.Record(IPAddress.Loopback, "no webhook-signature header");
        log.Record(IPAddress.Loopback, "no webhook-signature header");
        log.Record(IPAddress.Loopback, "the timestamp is outside the tolerance");
        time.Advance(RefusedCallLog.Interval);
        log.Record(IPAddress.Loopback, "no valid signature");

        Assert.Equal(
        [
            "Refused a webhook call from 127.0.0.1: no webhook-signature header (0 more refused since the previous line)",
            "Refused a webhook call from 127.0.0.1: no valid signature (2 more refused since the previous line)",
        ], logger.Lines);
    }

    private sealed class LinesLogger : ILogger<RefusedCallLog>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
