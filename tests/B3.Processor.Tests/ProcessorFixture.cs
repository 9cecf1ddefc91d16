using B3.Core.Database;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Processor;
using B3.Processor.Jobs;
using B3.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace B3.Processor.Tests;

/// <summary>A migrated database of the test class's own, plus helpers to enqueue and inspect jobs.</summary>
public class ProcessorFixture : B3Fixture
{
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public ObjectKeys Keys { get; } = new();

    public IngestionJobStore Jobs => new(DataSource);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await new DatabaseMigrator(DataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Migration.LoadEmbedded(), default);
    }

    public override async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    public JobQueue CreateQueue(string worker, TimeSpan? lease = null) =>
        new(DataSource, Keys, Options.Create(new ProcessorOptions { WorkerName = worker, LeaseDuration = lease ?? TimeSpan.FromMinutes(1) }));

    public async Task<long> EnqueueAsync(string key, string? etag = null)
    {
        Assert.True(Keys.TryParse(key, out var parsed));
        var result = await Jobs.EnqueueAsync(
            new IngestionRequest(BucketName, parsed, etag ?? Guid.NewGuid().ToString("N"), 1),
            new IngestionEvent(null, "test", "{}"),
            default);
        return result.JobId;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }
}
