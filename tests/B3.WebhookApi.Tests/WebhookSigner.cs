using System.Security.Cryptography;
using System.Text;

namespace B3.WebhookApi.Tests;

/// <summary>The sender's side of Standard Webhooks, written from the spec independently of the API's verifier.</summary>
internal sealed class WebhookSigner(string secret)
{
    public static string NewSecret()
    {
        return "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    }

    public HttpRequestMessage CreateRequest(string path, string body, string? id = null, DateTimeOffset? timestamp = null)
    {
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var seconds = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{seconds}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", seconds);
        request.Headers.Add("webhook-signature", $"v1,{signature}");
        return request;
    }
}
