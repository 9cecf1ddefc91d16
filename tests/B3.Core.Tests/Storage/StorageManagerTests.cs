using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using B3.Core.Datasets;
using B3.Core.Resilience;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace B3.Core.Tests.Storage;

public sealed class StorageManagerTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    private static readonly ObjectKeys Keys = new();
    private static readonly RetrySettings FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(20 * 1024 * 1024)]
    public async Task StoresReadsOverwritesAndDeletesBodiesUnchanged(int size)
    {
        var ct = TestContext.Current.CancellationToken;
        using var s3 = StorageExtensions.CreateClient(fixture.StorageSettings, FastRetries);
        var storage = CreateStorage(s3, fixture.StorageSettings);
        var date = new DateOnly(2024, 12, 5).AddDays(size % 97);
        var key = Keys.For(Dataset.Trades, date);
        var body = RandomBytes(size, seed: size);
        var source = new Uri("https://arquivos.b3.com.br/api/download/?token=abc");
        var downloadedAt = new DateTimeOffset(2024, 12, 6, 21, 0, 0, TimeSpan.Zero);
        const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var stored = await storage.UploadAsync(key, new MemoryStream(body), new ObjectProvenance(source, downloadedAt, TraceParent), ct);

        Assert.Equal(size, stored.Size);
        Assert.Equal(Sha256(body), stored.Sha256);
        Assert.True(await storage.ExistsAsync(key, ct));
        var listed = await storage.ListAsync(Dataset.Trades, date, date, ct).ToListAsync(ct);
        Assert.Equal([key], listed.Select(o => o.Key.Key));
        Assert.Equal(size, listed[0].Size);

        await using (var content = await storage.OpenReadAsync(key, ct))
        {
            Assert.NotNull(content);
            Assert.Equal(Sha256(body), Sha256(await ReadAllAsync(content.Body, ct)));
            Assert.Equal(Sha256(body), content.Info.Sha256);
            Assert.Equal(source.AbsoluteUri, content.Info.SourceUrl);
            Assert.Equal(TraceParent, content.Info.TraceParent);
            Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), content.Info.Metadata[ObjectMetadata.Size]);
            Assert.Equal(downloadedAt, DateTimeOffset.Parse(content.Info.Metadata[ObjectMetadata.DownloadedAt], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(DateTimeOffset.Parse(content.Info.Metadata[ObjectMetadata.UploadedAt], System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));
        }

        var replacement = RandomBytes(size + 17, seed: size + 1);
        var overwritten = await storage.UploadAsync(key, new MemoryStream(replacement), new ObjectProvenance(source, downloadedAt), ct);
        await using (var content = await storage.OpenReadAsync(key, ct))
        {
            Assert.Equal(Sha256(replacement), Sha256(await ReadAllAsync(content!.Body, ct)));
            Assert.Equal(overwritten.ETag, content.Info.ETag);
        }

        Assert.Single(await storage.ListAsync(Dataset.Trades, date, date, ct).ToListAsync(ct));

        await storage.DeleteAsync(key, ct);

        Assert.False(await storage.ExistsAsync(key, ct));
        Assert.Null(await storage.OpenReadAsync(key, ct));
        Assert.Empty(await storage.ListAsync(Dataset.Trades, date, date, ct).ToListAsync(ct));
    }

    [Fact]
    public async Task StoresAStreamThatCannotSeek()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s3 = StorageExtensions.CreateClient(fixture.StorageSettings, FastRetries);
        var storage = CreateStorage(s3, fixture.StorageSettings);
        var body = RandomBytes(300_000, seed: 7);
        var key = Keys.For(Dataset.Ibov, new DateOnly(2025, 3, 14));

        var stored = await storage.UploadAsync(key, new ForwardOnlyStream(body), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);

        Assert.Equal(body.Length, stored.Size);
        await using var content = await storage.OpenReadAsync(key, ct);
        Assert.Equal(Sha256(body), Sha256(await ReadAllAsync(content!.Body, ct)));
    }

    [Fact]
    public async Task RefusesADownloadWhoseBytesDoNotMatchItsETag()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("b3-s3-damaged-").FullName;
        try
        {
            var (endpoint, standIn) = await S3Server.StartStandInAsync(directory: directory);
            await using var stopStandIn = standIn;
            var settings = fixture.StorageSettings with { Endpoint = endpoint.Url };
            using var s3 = StorageExtensions.CreateClient(settings, FastRetries);
            var storage = CreateStorage(s3, settings);
            var key = Keys.For(Dataset.Instruments, new DateOnly(2025, 3, 14));
            var body = RandomBytes(300_000, seed: 11);
            await storage.UploadAsync(key, new MemoryStream(body), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);

            // One byte changes on the server's disk: the length stays, the ETag no longer matches.
            var stored = Directory.EnumerateFiles(directory, "*._S3rver_object", SearchOption.AllDirectories).Single();
            var bytes = await File.ReadAllBytesAsync(stored, ct);
            bytes[150_000] ^= 0xFF;
            await File.WriteAllBytesAsync(stored, bytes, ct);

            await using var content = await storage.OpenReadAsync(key, ct);
            var error = await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(content!.Body, ct));
            Assert.Contains($"The download of {key} is damaged", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ListsOnlyTheDatasetsObjectsInTheDateRange()
    {
        var ct = TestContext.Current.CancellationToken;
        using var s3 = StorageExtensions.CreateClient(fixture.StorageSettings, FastRetries);
        var storage = CreateStorage(s3, fixture.StorageSettings);
        var provenance = new ObjectProvenance(null, DateTimeOffset.UtcNow);
        string[] keys =
        [
            Keys.For(Dataset.Cotahist, new DateOnly(2023, 12, 29)),
            Keys.For(Dataset.Cotahist, new DateOnly(2024, 1, 2)),
            Keys.For(Dataset.Cotahist, new DateOnly(2024, 1, 3)),
            Keys.For(Dataset.Cotahist, new DateOnly(2024, 1, 31)),
            Keys.For(Dataset.Cotahist, new DateOnly(2024, 2, 1)),
            Keys.ForYear(Dataset.Cotahist, 2023),
            Keys.ForYear(Dataset.Cotahist, 2024),
            Keys.For(Dataset.Instruments, new DateOnly(2024, 1, 3)),
            "b3/cotahist/readme.txt",
        ];
        foreach (var key in keys)
        {
            await storage.UploadAsync(key, new MemoryStream([1, 2, 3]), provenance, ct);
        }

        var january = await storage.ListAsync(Dataset.Cotahist, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), ct).ToListAsync(ct);
        var everything = await storage.ListAsync(Dataset.Cotahist, cancellationToken: ct).ToListAsync(ct);

        Assert.Equal(
            ["b3/cotahist/2024-01-02.zip", "b3/cotahist/2024-01-03.zip", "b3/cotahist/2024-01-31.zip", "b3/cotahist/2024.zip"],
            january.Select(o => o.Key.Key));
        Assert.Equal(7, everything.Count);
        Assert.True(january.Single(o => o.Key.IsYearly).Key.From == new DateOnly(2024, 1, 1));
    }

    [Fact]
    public async Task CreatesAMissingBucket()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = fixture.StorageSettings with { BucketName = fixture.BucketName + "-new" };
        using var s3 = StorageExtensions.CreateClient(settings, FastRetries);
        var storage = CreateStorage(s3, settings);
        Assert.False(await BucketExistsAsync(s3, settings.BucketName));

        await storage.UploadAsync(Keys.For(Dataset.Trades, new DateOnly(2025, 1, 27)), new MemoryStream([42]), new ObjectProvenance(null, DateTimeOffset.UtcNow), ct);

        Assert.True(await BucketExistsAsync(s3, settings.BucketName));
    }

    [Fact]
    public async Task RetriesAFailingEndpointThenReportsWhatFailedAndWhere()
    {
        var ct = TestContext.Current.CancellationToken;
        var requests = 0;
        await using var broken = await LoopbackHttpServer.StartAsync(context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        var settings = fixture.StorageSettings with { Endpoint = broken.Url };
        using var s3 = StorageExtensions.CreateClient(settings, FastRetries);
        var storage = CreateStorage(s3, settings);
        var key = Keys.For(Dataset.Instruments, new DateOnly(2025, 1, 27));

        var failure = await Assert.ThrowsAsync<StorageException>(() => storage.GetInfoAsync(key, ct));

        Assert.Equal(FastRetries.MaxAttempts, requests);
        Assert.Contains(key, failure.Message);
        Assert.Contains(broken.Url.ToString(), failure.Message);
        Assert.Contains("after 3 attempt(s)", failure.Message);
        Assert.Contains("503", failure.Message);
        Assert.DoesNotContain(settings.SecretKey, failure.Message);
    }

    private static async Task<bool> BucketExistsAsync(IAmazonS3 s3, string bucket)
    {
        try
        {
            await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket });
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static StorageManager CreateStorage(IAmazonS3 s3, StorageSettings settings) =>
        new(s3, settings, Keys, OperationPipelines.Create(FastRetries), NullLogger<StorageManager>.Instance);

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    /// <summary>A network-like body: readable once, front to back.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Position
        {
            get => base.Position;
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
