using B3.Core.Datasets;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;

namespace B3.EndToEnd.Tests;

/// <summary>The pipeline with the reconciler on (every 5 s) and a client for the emulator's S3 stand-in.</summary>
public sealed class ReliabilityFixture : PipelineFixture
{
    public IObjectStorage Storage { get; private set; } = null!;

    protected override TimeSpan ReconcileInterval => TimeSpan.FromSeconds(5);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = new StorageSettings(EmulatorS3.Url, EmulatorS3.AccessKey, EmulatorS3.SecretKey, BucketName, "us-east-1");
        var retry = new RetrySettings();
        Storage = TestStorage.Open(settings, retry);
    }
}
