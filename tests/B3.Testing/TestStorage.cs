using Amazon.S3;
using B3.Core.Datasets;
using B3.Core.Resilience;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.Logging.Abstractions;

namespace B3.Testing;

/// <summary>The production <see cref="StorageManager"/> for a test or the bench: its client, keys and retry pipeline, no logging.</summary>
public static class TestStorage
{
    /// <summary>Over a client made from <paramref name="settings"/> as the services make theirs.</summary>
    public static StorageManager Open(StorageSettings settings, RetrySettings? retry = null, ObjectKeys? keys = null)
    {
        retry ??= new RetrySettings();
        return Over(StorageExtensions.CreateClient(settings, retry), settings, retry, keys);
    }

    /// <summary>Over a client of the caller's own.</summary>
    public static StorageManager Over(IAmazonS3 client, StorageSettings settings, RetrySettings? retry = null, ObjectKeys? keys = null) =>
        new(client, settings, keys ?? new ObjectKeys(), OperationPipelines.Create(retry ?? new RetrySettings()), NullLogger<StorageManager>.Instance);
}
