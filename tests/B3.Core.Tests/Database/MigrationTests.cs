using B3.Core.Database;
using B3.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace B3.Core.Tests.Database;

/// <summary>EF's migrations as the services apply them at start (<see cref="SchemaMigration.MigrateAsync(string, CancellationToken)"/>).</summary>
public sealed class MigrationTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    [Fact]
    public async Task AnEmptyDatabaseGetsTheWholeSchemaAndASecondRunChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.CreateDatabaseAsync("empty");

        await SchemaMigration.MigrateAsync(connectionString, ct);
        var history = await HistoryAsync(connectionString, ct);
        await SchemaMigration.MigrateAsync(connectionString, ct);

        await using var db = B3DbContextOptions.Create(connectionString);
        Assert.Equal(db.Database.GetMigrations(), history);
        Assert.Equal(history, await HistoryAsync(connectionString, ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration holds: run dotnet ef migrations add.");
        Assert.Superset(
            new HashSet<string> { "webhook_events", "ingestion_jobs", "daily_quotes", "daily_summary", "alerts", "sector_daily_totals" },
            (await StringsAsync(connectionString, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'b3'", ct)).ToHashSet());
        // One partition of daily_quotes per year 1986–2030, and the default.
        Assert.Equal(46, (await StringsAsync(connectionString, "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'b3.daily_quotes'::regclass", ct)).Count);
    }

    [Fact]
    public async Task ServicesMigratingAtOnceApplyEachMigrationOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.CreateDatabaseAsync("race");

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SchemaMigration.MigrateAsync(connectionString, ct)));

        await using var db = B3DbContextOptions.Create(connectionString);
        Assert.Equal(db.Database.GetMigrations(), await HistoryAsync(connectionString, ct));
    }

    [Fact]
    public async Task ADatabaseTheScriptsMadeIsAdoptedWithEveryRow()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.CreateDatabaseAsync("scripts");
        await ApplyScriptsAsTheLastReleaseDidAsync(connectionString, SqlScript.InitialSchema, ct);
        await ExecuteAsync(connectionString, """
            INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, status)
            VALUES ('financial-data', 'b3/cotahist/2024-11-08.zip', 'e1', 'cotahist', '2024-11-08', 'succeeded');
            INSERT INTO b3.daily_summary (trade_date, ticker, close, vol_financeiro_total, trade_count, qtd_acoes_negociadas,
                                          weekday, days_since_year_start, days_to_year_end, is_month_start, quarter)
            VALUES ('2024-11-08', 'PETR4', 36.18, 1790870570.00, 40000, 49700000, 5, 312, 53, false, 4);
            """, ct);

        await SchemaMigration.MigrateAsync(connectionString, ct);

        await using var db = B3DbContextOptions.Create(connectionString);
        Assert.Equal(db.Database.GetMigrations(), await HistoryAsync(connectionString, ct));
        Assert.Equal(36.18m, (await db.DailySummary.SingleAsync(s => s.Ticker == "PETR4", ct)).Close);
        Assert.Equal("succeeded", (await db.IngestionJobs.SingleAsync(ct)).Status);
        Assert.Empty(await StringsAsync(connectionString, "SELECT 'left' WHERE to_regclass('b3.schema_migrations') IS NOT NULL", ct));
    }

    [Fact]
    public async Task APartScriptHistoryIsRefusedWithWhatToDoAndNothingChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.CreateDatabaseAsync("partial");
        await ApplyScriptsAsTheLastReleaseDidAsync(connectionString, SqlScript.InitialSchema.Take(3), ct);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaMigration.MigrateAsync(connectionString, ct));

        Assert.Contains("b3.schema_migrations records scripts [0001", failure.Message);
        Assert.Contains("Start the release that wrote them", failure.Message);
        Assert.Equal(["0001", "0002", "0003"], await StringsAsync(connectionString, "SELECT to_char(version, 'FM0000') FROM b3.schema_migrations ORDER BY 1", ct));
        Assert.Empty(await StringsAsync(connectionString, "SELECT 'history' WHERE to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL", ct));
    }

    [Fact]
    public async Task EveryColumnOfTheModelIsAColumnOfTheDatabaseWithTheSameTypeAndNullability()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.CreateDatabaseAsync("model");
        await SchemaMigration.MigrateAsync(connectionString, ct);
        var database = (await StringsAsync(connectionString, """
            SELECT table_name || '.' || column_name || ' ' || data_type || CASE is_nullable WHEN 'YES' THEN ' null' ELSE '' END
            FROM information_schema.columns WHERE table_schema = 'b3'
            """, ct)).ToHashSet();

        await using var db = B3DbContextOptions.Create(connectionString);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, B3DbContext.Schema);
            var columns = entity.GetProperties().Select(p =>
                $"{table}.{p.GetColumnName(store)} {InformationSchemaType(p.GetColumnType())}{(p.IsColumnNullable(store) ? " null" : "")}");
            Assert.Equal(database.Where(c => c.StartsWith(table + ".", StringComparison.Ordinal)).Order(), columns.Order());
        }
    }

    private static string InformationSchemaType(string columnType) => columnType switch
    {
        "timestamp with time zone" or "date" or "text" or "bigint" or "integer" or "smallint" or "boolean" or "numeric" or "jsonb" => columnType,
        _ => throw new InvalidOperationException($"No information_schema name for {columnType}."),
    };

    /// <summary>What the scripts' runner of earlier releases did: each script, and its row in b3.schema_migrations.</summary>
    private static async Task ApplyScriptsAsTheLastReleaseDidAsync(string connectionString, IEnumerable<SqlScript> scripts, CancellationToken ct)
    {
        await ExecuteAsync(connectionString, """
            CREATE SCHEMA b3;
            CREATE TABLE b3.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                                               applied_at timestamptz NOT NULL DEFAULT now());
            """, ct);
        foreach (var script in scripts)
        {
            await ExecuteAsync(connectionString, script.Sql, ct);
            await ExecuteAsync(connectionString,
                $"INSERT INTO b3.schema_migrations (version, name, checksum) VALUES ({script.Version}, '{script.Name}', '{script.Checksum}')", ct);
        }
    }

    private static async Task<List<string>> HistoryAsync(string connectionString, CancellationToken ct) =>
        await StringsAsync(connectionString, """SELECT migration_id FROM "__EFMigrationsHistory" ORDER BY 1""", ct);

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<string>> StringsAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
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
