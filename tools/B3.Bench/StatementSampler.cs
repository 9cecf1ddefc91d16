using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace B3.Bench;

/// <summary>
/// Samples what the database is running (pg_stat_activity, every 20 ms) while the Processor loads, so the phases of its
/// one load transaction — the COPY above all — are timed from outside, without touching the Processor's code.
/// </summary>
internal sealed class StatementSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<string, (long First, long Last)> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private StatementSampler(string connectionString) => _loop = Task.Run(() => SampleAsync(connectionString));

    public static StatementSampler Start(string connectionString) => new(connectionString);

    /// <summary>From the first to the last sample in which a statement whose text <paramref name="matches"/> was running.</summary>
    public TimeSpan? Span(Func<string, bool> matches)
    {
        var spans = _seen.Where(pair => matches(pair.Key)).Select(pair => pair.Value).ToList();
        return spans.Count == 0 ? null : Stopwatch.GetElapsedTime(spans.Min(m => m.First), spans.Max(m => m.Last));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SampleAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT left(query, 40) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()", connection);
        await command.PrepareAsync();
        while (!_stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    _seen.AddOrUpdate(reader.GetString(0), (now, now), (_, span) => (span.First, now));
                }
            }

            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
