using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace B3.Testing;

/// <summary>The sender's side of Standard Webhooks, written from the spec independently of the API's verifier.</summary>
public sealed class StandardWebhookSigner(string secret)
{
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public HttpRequestMessage CreateRequest(string path, string body, string? id = null, DateTimeOffset? timestamp = null) =>
        Sign(new HttpRequestMessage(HttpMethod.Post, path), body, timestamp, id);

    /// <summary>Sets the JSON body and the webhook-id, webhook-timestamp and webhook-signature headers.</summary>
    public HttpRequestMessage Sign(HttpRequestMessage request, string body, DateTimeOffset? timestamp = null, string? id = null)
    {
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var seconds = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{seconds}.{body}")));
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", seconds);
        request.Headers.Add("webhook-signature", $"v1,{signature}");
        return request;
    }
}
