using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace B3.Core.Database;

/// <summary>
/// Brings a database to the model: readies EF's history (adopting a database the SQL scripts of earlier releases made,
/// <see cref="ScriptHistoryAdoption"/>), then applies the pending migrations — one service at a time.
/// </summary>
public static class SchemaMigration
{
    /// <summary>
    /// EF's own migration lock lives in each migration's transaction, and with two migrations pending, services starting
    /// together both applied the second; a session-wide advisory lock makes a whole run one service's.
    /// </summary>
    private const string LockKey = "b3.schema_migration";

    public static async Task MigrateAsync(B3DbContext db, CancellationToken cancellationToken)
    {
        // Not pooled: a pooled connection would keep the session's lock after being returned.
        var connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString;
        await using var session = new NpgsqlConnection(connectionString);
        await session.OpenAsync(cancellationToken);
        await ExecuteAsync(session, "SELECT pg_advisory_lock(hashtext($1))", cancellationToken);
        try
        {
            await ScriptHistoryAdoption.PrepareAsync(db, cancellationToken);
            // Migrate also compares the model with the last migration's, which costs a second of JIT in a service that
            // runs fully optimised from the start (the Processor); a schema that is up to date needs none of it.
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(session, "SELECT pg_advisory_unlock(hashtext($1))", CancellationToken.None);
        }
    }

    /// <inheritdoc cref="MigrateAsync(B3DbContext, CancellationToken)"/>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var db = B3DbContextOptions.Create(connectionString);
        await MigrateAsync(db, cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection session, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, session);
        command.Parameters.Add(new() { Value = LockKey });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
