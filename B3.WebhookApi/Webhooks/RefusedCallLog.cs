using System.Net;

namespace B3.WebhookApi.Webhooks;

/// <summary>
/// Logs refused webhook calls without letting a flood of them flood the log: the first refusal of each
/// <see cref="Interval"/> is logged as it happens, with how many were refused since the previous line. A log line per
/// forged call would make every bad request cost a console write and hand attackers the log's volume.
/// </summary>
public sealed partial class RefusedCallLog(TimeProvider time, ILogger<RefusedCallLog> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private DateTimeOffset _nextLine = DateTimeOffset.MinValue;
    private long _unlogged;

    public void Record(IPAddress? remoteIp, string reason)
    {
        long earlier;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _nextLine)
            {
                _unlogged++;
                return;
            }

            _nextLine = now + Interval;
            earlier = _unlogged;
            _unlogged = 0;
        }

        LogRefused(remoteIp, reason, earlier);
    }

    [LoggerMessage(LogLevel.Warning, "Refused a webhook call from {RemoteIp}: {Reason} ({EarlierRefused} more refused since the previous line)")]
    private partial void LogRefused(IPAddress? remoteIp, string reason, long earlierRefused);
}
