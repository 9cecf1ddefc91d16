using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace B3.Core.Storage;

/// <summary>Ready when the bucket answers (and exists, or could be created).</summary>
internal sealed class StorageHealthCheck(IObjectStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.EnsureBucketAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Bucket {storage.BucketName} is reachable.");
        }
        catch (StorageException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
