using B3.Testing;
using Npgsql;

namespace B3.EndToEnd.Tests;

/// <summary>
/// The whole pipeline on a PostgreSQL cluster of its own, which a test may stop and start again like a restarted
/// server; the reconciler runs, as in production, to pick up what an event could not deliver while it was down.
/// </summary>
public sealed class PrivatePostgresPipelineFixture : PipelineFixture
{
    public PostgresCluster Postgres { get; private set; } = null!;

    protected override TimeSpan ReconcileInterval => TimeSpan.FromSeconds(5);

    protected override async Task<string> CreateOwnDatabaseAsync()
    {
        Postgres = await PostgresCluster.StartAsync();
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // A short connect timeout, so that calls made while the server is down fail fast and are retried.
        return new NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { Database = DatabaseName, Timeout = 3 }.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }
}
