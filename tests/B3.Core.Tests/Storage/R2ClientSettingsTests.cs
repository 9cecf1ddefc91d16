using System.Security.Cryptography;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;

namespace B3.Core.Tests.Storage;

/// <summary>
/// Over https the client sends what R2 accepts: plain bodies without aws-chunked checksum trailers. The stand-in
/// refuses trailer uploads with 400 (as R2 does with 501), so bodies arriving intact shows the settings hold.
/// </summary>
public sealed class R2ClientSettingsTests : IAsyncLifetime
{
    private S3Endpoint _endpoint = null!;
    private RunningScript _standIn = null!;

    public async ValueTask InitializeAsync() => (_endpoint, _standIn) = await S3Server.StartStandInAsync(tls: true);

    public ValueTask DisposeAsync() => _standIn.DisposeAsync();

    [Fact]
    public async Task UploadsOverHttpsWithoutChecksumTrailers()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new StorageSettings(_endpoint.Url, _endpoint.AccessKey, _endpoint.SecretKey, "financial-data", "auto");
        var retry = new RetrySettings();
        using var s3 = StorageExtensions.CreateClient(settings, retry, new TrustingHttpClientFactory(_endpoint.Certificate!));
        var storage = TestStorage.Over(s3, settings, retry);
        var body = new byte[5 * 1024 * 1024];
        new Random(11).NextBytes(body);
        var key = new ObjectKeys().ForYear(Dataset.Cotahist, 2024);

        var stored = await storage.UploadAsync(key, new MemoryStream(body), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);

        Assert.True(settings.IsHttps);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(body)), stored.ETag);
        await using var content = await storage.OpenReadAsync(key, ct);
        using var copy = new MemoryStream();
        await content!.Body.CopyToAsync(copy, ct);
        Assert.Equal(body, copy.ToArray());
    }
}
