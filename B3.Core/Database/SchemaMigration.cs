using Microsoft.EntityFrameworkCore;

namespace B3.Core.Database;

/// <summary>
/// Brings a database to the model: readies EF's history (adopting a database the SQL scripts of earlier releases made,
/// <see cref="ScriptHistoryAdoption"/>), then applies the pending migrations under EF's migration lock.
/// </summary>
public static class SchemaMigration
{
    public static async Task MigrateAsync(B3DbContext db, CancellationToken cancellationToken)
    {
        await ScriptHistoryAdoption.PrepareAsync(db, cancellationToken);
        // Migrate also compares the model with the last migration's, which costs a second of JIT in a service that
        // runs fully optimised from the start (the Processor); a schema that is up to date needs none of it.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <inheritdoc cref="MigrateAsync(B3DbContext, CancellationToken)"/>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var db = B3DbContextOptions.Create(connectionString);
        await MigrateAsync(db, cancellationToken);
    }
}
