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
public class ProcessorFixture : MigratedDatabaseFixture
{
    public ObjectKeys Keys { get; } = new();

    public IngestionJobStore Jobs => new(DataSource);

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
}
