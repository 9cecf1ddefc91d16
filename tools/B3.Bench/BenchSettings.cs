namespace B3.Bench;

/// <summary>The sizes the issue fixes, and a smaller set (<c>--quick</c>) that checks the bench itself in a minute.</summary>
public sealed record BenchSettings(
    int TradingDays,
    int RecordsPerDay,
    int InstrumentRows,
    int DailyFiles,
    int DailyRecords,
    TimeSpan IntakeRound,
    int QueryRequests)
{
    public static BenchSettings Full { get; } = new(250, 12_000, 75_000, 50, 12_000, TimeSpan.FromSeconds(5), 300);

    public static BenchSettings Quick { get; } = new(25, 12_000, 7_500, 10, 12_000, TimeSpan.FromSeconds(1), 100);

    public const int IntakeConnections = 32;

    public long YearRecords => (long)TradingDays * RecordsPerDay;

    /// <summary>Trading days the parse measure reads in memory (20 days, 240,000 records, as in tests/B3.Benchmarks).</summary>
    public const int ParseDays = 20;
}
