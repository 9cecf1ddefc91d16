using System.Net;
using B3.Testing;

namespace B3.WebhookApi.Tests;

/// <summary>Secrets reach neither the logs nor an answer, whatever a caller sends.</summary>
public sealed class SecretsTests(B3Fixture fixture) : IClassFixture<B3Fixture>
{
    [Fact]
    public async Task NoSecretAppearsInTheLogsOrInAnyAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var secretKey = "s3-secret-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>(fixture.EnvironmentVariables)
        {
            ["LOCAL_R2_SECRET_KEY"] = secretKey,
            ["Logging__LogLevel__Default"] = "Debug",
        };
        await using var api = ServiceProcess.Start("B3.WebhookApi", environment);
        await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), ct);
        using var http = new HttpClient { BaseAddress = api.Url };
        var forger = new StandardWebhookSigner(StandardWebhookSigner.NewSecret());
        var signer = new StandardWebhookSigner(fixture.WebhookSecret);
        var answers = new List<string>();

        foreach (var request in new[]
        {
            forger.CreateRequest("/webhooks/r2/object-created", "{}"),
            signer.CreateRequest("/webhooks/r2/object-created", "{\"key\":\"../x\"}"),
            signer.CreateRequest("/webhooks/r2/object-created", "not json"),
            signer.CreateRequest("/webhooks/r2/object-created", $"{{\"event_type\":\"b3_trades_uploaded\",\"bucket\":\"{fixture.BucketName}\",\"key\":\"b3/trades/2025-01-27.csv\",\"size\":1,\"timestamp\":\"2025-01-28T10:00:00Z\",\"etag\":\"e\"}}"),
            new HttpRequestMessage(HttpMethod.Get, "/health"),
        })
        {
            using var response = await http.SendAsync(request, ct);
            answers.Add($"{(int)response.StatusCode} {string.Join(' ', response.Headers.Select(h => h.Key + ":" + string.Join(',', h.Value)))} {await response.Content.ReadAsStringAsync(ct)}");
        }

        await api.DisposeAsync();
        var everything = api.Output + string.Join('\n', answers);
        string[] secrets = [fixture.WebhookSecret, fixture.WebhookSecret["whsec_".Length..], fixture.ApiKey, secretKey];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, everything));
        Assert.Contains(answers, answer => answer.StartsWith("401", StringComparison.Ordinal));
        Assert.Contains("Refused a webhook call", api.Output);
    }
}
