namespace B3.Downloader.Sources;

/// <summary>
/// Politeness towards one B3 service: the starts of consecutive calls are at least <see cref="Interval"/> apart, however
/// many callers share it (b3-corporate-actions.md §1: about one call a second). Waits on the injected clock, so tests
/// drive it with a fake one.
/// </summary>
public sealed class CallPacer(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    public TimeSpan Interval => interval;

    /// <summary>Waits until this caller's turn: the first call goes at once, each later one an interval after the previous one's turn.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + interval;
            wait = slot - now;
        }

        return DelayAsync(wait, cancellationToken);
    }

    /// <summary>Before a caller's retry number <paramref name="retry"/> (1, 2, …): <see cref="Interval"/> × 2^retry, so 2 s, 4 s, … by default.</summary>
    public Task BackOffAsync(int retry, CancellationToken cancellationToken) =>
        DelayAsync(interval * Math.Pow(2, retry), cancellationToken);

    private Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken) =>
        wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
}
