using System.Xml.Linq;
using B3.Core.Storage;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using Microsoft.AspNetCore.Http;

namespace B3.Core.Tests.Storage;

/// <summary>
/// The S3 stand-in has no notification API, so this unit test records the request the client sends instead: it is
/// the one MinIO needs to send object-created events under b3/ to the emulator.
/// </summary>
public sealed class BucketNotificationSetupTests
{
    [Fact]
    public async Task SubscribesTheWebhookTargetToEveryObjectCreatedUnderB3()
    {
        var ct = TestContext.Current.CancellationToken;
        string? query = null, body = null;
        await using var s3 = await LoopbackHttpServer.StartAsync(async context =>
        {
            if (context.Request.Method == HttpMethods.Put && context.Request.QueryString.Value?.Contains("notification", StringComparison.Ordinal) == true)
            {
                query = context.Request.QueryString.Value;
                body = await new StreamReader(context.Request.Body).ReadToEndAsync(ct);
            }

            context.Response.StatusCode = 200;
        });
        var settings = new StorageSettings(s3.Url, "minioadmin", "secret", "financial-data", "us-east-1");
        using var client = StorageExtensions.CreateClient(settings, new RetrySettings());

        await client.PutBucketNotificationAsync(BucketNotificationSetup.CreateRequest("financial-data", "arn:minio:sqs::PRIMARY:webhook"), ct);

        Assert.NotNull(query);
        var xml = XDocument.Parse(body!);
        XNamespace s3Namespace = xml.Root!.Name.Namespace;
        var queue = Assert.Single(xml.Root.Elements(s3Namespace + "QueueConfiguration"));
        Assert.Equal("arn:minio:sqs::PRIMARY:webhook", queue.Element(s3Namespace + "Queue")?.Value);
        Assert.Equal(["s3:ObjectCreated:*"], queue.Elements(s3Namespace + "Event").Select(e => e.Value));
        var rule = Assert.Single(queue.Descendants(s3Namespace + "FilterRule"));
        Assert.Equal(("prefix", "b3/"), (rule.Element(s3Namespace + "Name")?.Value.ToLowerInvariant(), rule.Element(s3Namespace + "Value")?.Value));
    }
}
