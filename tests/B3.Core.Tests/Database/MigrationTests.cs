using B3.Core.Database;
using B3.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace B3.Core.Tests.Database;

public sealed class MigrationTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    [Fact]
    public async Task AppliesEveryScriptToAnEmptyDatabaseThenReappliesAsANoOp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("empty"));
        var migrator = CreateMigrator(dataSource);
        var migrations = Migration.LoadEmbedded();

        var first = await migrator.MigrateAsync(migrations, ct);
        var historyAfterFirst = await ReadHistoryAsync(dataSource, ct);
        var second = await migrator.MigrateAsync(migrations, ct);

        Assert.Equal(migrations.Count, first);
        Assert.Equal(0, second);
        Assert.Equal(migrations.Select(m => (m.Version, m.Checksum)), historyAfterFirst.Select(h => (h.Version, h.Checksum)));
        Assert.Equal(historyAfterFirst, await ReadHistoryAsync(dataSource, ct));
        Assert.Superset(
            new HashSet<string> { "schema_migrations", "webhook_events", "ingestion_jobs" },
            (await QueryStringsAsync(dataSource, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'b3'", ct)).ToHashSet());
    }

    [Fact]
    public async Task AppliesEachScriptOnceWhenManyMigratorsRunAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.CreateDatabaseAsync("race");
        var migrations = Migration.LoadEmbedded();

        var applied = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            return await CreateMigrator(dataSource).MigrateAsync(migrations, ct);
        }));

        Assert.Equal(migrations.Count, applied.Sum());
        await using var check = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(migrations.Count, (await ReadHistoryAsync(check, ct)).Count);
    }

    [Fact]
    public async Task RefusesAScriptThatChangedAfterItWasApplied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("changed"));
        var migrator = CreateMigrator(dataSource);
        await migrator.MigrateAsync([Migration.Parse("0001_first.sql", "CREATE TABLE b3.first (id int);")], ct);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            migrator.MigrateAsync([Migration.Parse("0001_first.sql", "CREATE TABLE b3.first (id bigint);")], ct));

        Assert.Contains("0001_first was changed after it was applied", failure.Message);
    }

    [Fact]
    public async Task AFailingScriptLeavesNothingHalfApplied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("broken"));
        var migrator = CreateMigrator(dataSource);
        Migration[] migrations =
        [
            Migration.Parse("0001_good.sql", "CREATE TABLE b3.good (id int);"),
            Migration.Parse("0002_bad.sql", "CREATE TABLE b3.half (id int); SELECT * FROM b3.missing;"),
        ];

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(migrations, ct));

        Assert.Contains("0002_bad failed", failure.Message);
        Assert.Contains("b3.missing", failure.Message);
        Assert.Equal([1], (await ReadHistoryAsync(dataSource, ct)).Select(h => h.Version));
        Assert.DoesNotContain("half", await QueryStringsAsync(dataSource, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'b3'", ct));
    }

    [Fact]
    public void RejectsAScriptWhoseNameHasNoVersion()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Migration.Parse("initial.sql", "SELECT 1"));

        Assert.Contains("NNNN_description.sql", failure.Message);
    }

    private static DatabaseMigrator CreateMigrator(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<DatabaseMigrator>.Instance);

    private static async Task<List<(int Version, string Checksum, DateTime AppliedAt)>> ReadHistoryAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT version, checksum, applied_at FROM b3.schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(int, string, DateTime)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2)));
        }

        return rows;
    }

    private static async Task<List<string>> QueryStringsAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
