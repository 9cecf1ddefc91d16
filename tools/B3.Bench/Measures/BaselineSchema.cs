using B3.Testing;

namespace B3.Bench.Measures;

/// <summary>
/// The baseline tables: the market-data migration itself (B3.Core/Database/Migrations/0002_market_data.sql) run again
/// with its schema renamed, so <c>baseline.daily_quotes</c> has the same yearly partitions, keys and indexes as
/// <c>b3.daily_quotes</c> (a <c>LIKE … INCLUDING ALL</c> copy would lack the partitions).
/// </summary>
internal static class BaselineSchema
{
    public const string Name = "baseline";

    public static async Task CreateAsync(BenchEnvironment environment)
    {
        var migration = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "B3.Core", "Database", "Migrations", "0002_market_data.sql"));
        await environment.ExecuteAsync($"CREATE SCHEMA {Name}");
        await environment.ExecuteAsync(migration.Replace("b3.", Name + ".", StringComparison.Ordinal));
    }
}
