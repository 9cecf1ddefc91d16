using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace B3.Core.Database;

/// <summary>
/// Readies EF's migration history before <c>Migrate</c>. Its table is created here, under an advisory lock, because
/// services starting at once would otherwise race to create it. And a database that the SQL scripts of earlier
/// releases made (recorded in <c>b3.schema_migrations</c>) already holds what the first migration, InitialSchema,
/// creates: that migration is recorded as applied and the scripts' table goes, so EF's history is the one record left.
/// </summary>
internal static class ScriptHistoryAdoption
{
    /// <summary>The key the scripts' runner locked with, so that an older release starting meanwhile waits too.</summary>
    private const long AdvisoryLockKey = 0x4233_4D49_4752_4154;

    public static async Task PrepareAsync(B3DbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await ExecuteAsync(connection, history.GetCreateIfNotExistsScript(), cancellationToken);
        if (await ScriptsAppliedAsync(connection, cancellationToken) is { } applied)
        {
            var expected = SqlScript.InitialSchema.Select(script => (script.Version, script.Checksum)).ToList();
            if (!applied.SequenceEqual(expected))
            {
                throw new InvalidOperationException(
                    $"b3.schema_migrations records scripts {Describe(applied)}, but the initial migration replaces exactly "
                    + $"{Describe(expected)}. Start the release that wrote them once to finish its scripts, then this one.");
            }

            var row = new HistoryRow(db.Database.GetMigrations().First(), ProductInfo.GetVersion());
            await ExecuteAsync(connection, history.GetInsertScript(row), cancellationToken);
            await ExecuteAsync(connection, "DROP TABLE b3.schema_migrations", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<List<(int Version, string Checksum)>?> ScriptsAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('b3.schema_migrations') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return null;
        }

        await using var command = new NpgsqlCommand("SELECT version, checksum FROM b3.schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new List<(int, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return applied;
    }

    private static string Describe(IEnumerable<(int Version, string Checksum)> scripts) =>
        "[" + string.Join(", ", scripts.Select(s => $"{s.Version:D4} ({s.Checksum[..8]})")) + "]";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
