using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using B3.Testing;
using Npgsql;

namespace B3.WebhookApi.Tests;

public sealed class WebhookIntakeTests(WebhookIntakeFixture fixture) : IClassFixture<WebhookIntakeFixture>
{
    private const string ObjectCreated = "/webhooks/r2/object-created";
    private readonly StandardWebhookSigner _signer = new(fixture.WebhookSecret);

    [Theory]
    [InlineData(ObjectCreated, "b3/trades/2025-01-27.csv", "trades")]
    [InlineData("/webhooks/r2/instrument-uploaded", "b3/instruments/2024-12-05.csv", "instruments")]
    public async Task AValidCallQueuesExactlyOneJob(string path, string key, string dataset)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        var etag = NewETag();

        using var response = await client.SendAsync(_signer.CreateRequest(path, Body(key, etag, size: 1234567)), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        var jobId = accepted.GetProperty("jobId").GetInt64();
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT id, bucket, dataset, trade_date, object_size, status, attempts FROM b3.ingestion_jobs WHERE object_key = $1 AND etag = $2");
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = etag });
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal(jobId, reader.GetInt64(0));
        Assert.Equal(fixture.BucketName, reader.GetString(1));
        Assert.Equal(dataset, reader.GetString(2));
        Assert.Equal(DateOnly.Parse(key[^14..^4], System.Globalization.CultureInfo.InvariantCulture), reader.GetFieldValue<DateOnly>(3));
        Assert.Equal(1234567, reader.GetInt64(4));
        Assert.Equal(("queued", 0), (reader.GetString(5), reader.GetInt32(6)));
        Assert.False(await reader.ReadAsync(ct));
    }

    [Fact]
    public async Task TheSameDeliveryOrTheSameObjectVersionNeverMakesASecondJob()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        var key = "b3/cotahist/2024-11-08.zip";
        var etag = NewETag();
        var body = Body(key, etag);

        var first = await AcceptAsync(client, _signer.CreateRequest(ObjectCreated, body, id: "msg_retried"), ct);
        var redelivery = await AcceptAsync(client, _signer.CreateRequest(ObjectCreated, body, id: "msg_retried"), ct);
        var secondEvent = await AcceptAsync(client, _signer.CreateRequest(ObjectCreated, body, id: "msg_other"), ct);
        var newVersion = await AcceptAsync(client, _signer.CreateRequest(ObjectCreated, Body(key, NewETag())), ct);

        Assert.Equal("queued", first.Status);
        Assert.Equal(("duplicate", first.JobId), (redelivery.Status, redelivery.JobId));
        Assert.Equal(("duplicate", first.JobId), (secondEvent.Status, secondEvent.JobId));
        Assert.Equal("queued", newVersion.Status);
        Assert.NotEqual(first.JobId, newVersion.JobId);
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = $1 AND etag = $2", key, etag));
        Assert.Equal(2, await fixture.CountAsync("SELECT count(*) FROM b3.ingestion_jobs WHERE object_key = $1", key));
        Assert.Equal(2, await fixture.CountAsync("SELECT count(*) FROM b3.webhook_events WHERE webhook_id IN ('msg_retried', 'msg_other')"));
    }

    [Fact]
    public async Task ASecretBeingRotatedOutIsStillAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        var previous = new StandardWebhookSigner(fixture.PreviousSecret);

        var accepted = await AcceptAsync(client, previous.CreateRequest(ObjectCreated, Body("b3/ibov/2025-03-14.json", NewETag())), ct);

        Assert.Equal("queued", accepted.Status);
    }

    public static TheoryData<string> Forgeries => ["wrong signature", "timestamp 6 minutes old", "timestamp 6 minutes ahead", "no headers", "unknown secret"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task AnUnauthenticCallIsRefusedAndWritesNothing(string forgery)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        var body = Body("b3/trades/2025-02-03.csv", NewETag());
        var request = forgery switch
        {
            "timestamp 6 minutes old" => _signer.CreateRequest(ObjectCreated, body, timestamp: DateTimeOffset.UtcNow.AddMinutes(-6)),
            "timestamp 6 minutes ahead" => _signer.CreateRequest(ObjectCreated, body, timestamp: DateTimeOffset.UtcNow.AddMinutes(6)),
            "unknown secret" => new StandardWebhookSigner(StandardWebhookSigner.NewSecret()).CreateRequest(ObjectCreated, body),
            _ => _signer.CreateRequest(ObjectCreated, body),
        };
        if (forgery == "wrong signature")
        {
            request.Headers.Remove("webhook-signature");
            request.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(new byte[32]));
        }
        else if (forgery == "no headers")
        {
            request.Headers.Remove("webhook-id");
            request.Headers.Remove("webhook-timestamp");
            request.Headers.Remove("webhook-signature");
        }

        var before = await CountRowsAsync();
        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData("key", """{"event_type":"b3_trades_uploaded","bucket":"{bucket}","key":"other/trades/2025-01-27.csv","size":1,"timestamp":"2025-01-28T10:00:00Z","etag":"e1"}""")]
    [InlineData("key", """{"event_type":"b3_trades_uploaded","bucket":"{bucket}","key":"b3/trades/../../etc/2025-01-27.csv","size":1,"timestamp":"2025-01-28T10:00:00Z","etag":"e1"}""")]
    [InlineData("key", """{"event_type":"b3_trades_uploaded","bucket":"{bucket}","key":"b3/trades/latest.csv","size":1,"timestamp":"2025-01-28T10:00:00Z","etag":"e1"}""")]
    [InlineData("bucket", """{"event_type":"b3_trades_uploaded","bucket":"someone-elses","key":"b3/trades/2025-01-27.csv","size":1,"timestamp":"2025-01-28T10:00:00Z","etag":"e1"}""")]
    [InlineData("size", """{"event_type":"b3_trades_uploaded","bucket":"{bucket}","key":"b3/trades/2025-01-27.csv","size":-1,"timestamp":"2025-01-28T10:00:00Z","etag":"e1"}""")]
    [InlineData("etag", """{"event_type":"b3_trades_uploaded","bucket":"{bucket}","key":"b3/trades/2025-01-27.csv","size":1,"timestamp":"2025-01-28T10:00:00Z"}""")]
    [InlineData("timestamp", """{"event_type":"b3_trades_uploaded","bucket":"{bucket}","key":"b3/trades/2025-01-27.csv","size":1,"timestamp":"yesterday","etag":"e1"}""")]
    [InlineData("body", """{"event_type":"b3_trades_uploaded", "bucket":""")]
    [InlineData("body", """["b3/trades/2025-01-27.csv"]""")]
    public async Task AnInvalidBodyIsRefusedNamingTheFieldAndWritesNothing(string field, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        var before = await CountRowsAsync();

        using var response = await client.SendAsync(_signer.CreateRequest(ObjectCreated, body.Replace("{bucket}", fixture.BucketName)), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}': {problem}");
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task ABodyOver64KiBIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        var body = Body("b3/trades/2025-01-27.csv", NewETag()).Replace("}", $",\"padding\":\"{new string('x', 65 * 1024)}\"}}");
        var before = await CountRowsAsync();

        using var response = await client.SendAsync(_signer.CreateRequest(ObjectCreated, body), ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await CountRowsAsync());
    }

    private async Task<(long Events, long Jobs)> CountRowsAsync() =>
        (await fixture.CountAsync("SELECT count(*) FROM b3.webhook_events"), await fixture.CountAsync("SELECT count(*) FROM b3.ingestion_jobs"));

    private static async Task<Accepted> AcceptAsync(HttpClient client, HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Accepted>(ct))!;
    }

    private string Body(string key, string etag, long size = 100) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["event_type"] = "b3_" + key.Split('/')[1] + "_uploaded",
        ["bucket"] = fixture.BucketName,
        ["key"] = key,
        ["size"] = size,
        ["timestamp"] = "2025-01-28T10:30:00Z",
        ["etag"] = etag,
    });

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private sealed record Accepted(string Status, long JobId);
}
