using B3.Testing;

namespace B3.Bench;

/// <summary>
/// The server the bench measures against: PostgreSQL as users run it, a throw-away cluster with the stock settings
/// (fsync, synchronous commit and full-page writes on), unless <c>B3_TEST_POSTGRES</c> names a server to use instead.
/// </summary>
internal static class BenchPostgres
{
    private const string ServerVariable = "B3_TEST_POSTGRES";

    /// <summary>The settings that decide what a bulk load costs, printed beside the results.</summary>
    private static readonly string[] Settings =
    [
        "fsync", "synchronous_commit", "full_page_writes", "wal_level", "wal_compression", "shared_buffers", "max_wal_size",
        "checkpoint_timeout", "maintenance_work_mem", "max_parallel_maintenance_workers", "max_worker_processes",
    ];

    /// <summary>Starts the stock cluster and points the test helpers at it; null when a server is configured.</summary>
    public static async Task<PostgresCluster?> StartStockUnlessConfiguredAsync()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 })
        {
            return null;
        }

        var cluster = await PostgresCluster.StartAsync(PostgresDurability.Stock);
        Environment.SetEnvironmentVariable(ServerVariable, cluster.ConnectionString);
        return cluster;
    }

    /// <summary>The server's values of <see cref="Settings"/>, e.g. <c>fsync on, …, maintenance_work_mem 64MB</c>.</summary>
    public static async Task<string> DescribeSettingsAsync(BenchEnvironment environment)
    {
        var values = new List<string>();
        foreach (var name in Settings)
        {
            values.Add($"{name} {await environment.ScalarAsync<string>($"SELECT current_setting('{name}')")}");
        }

        return string.Join(", ", values);
    }
}
