using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace B3.WebhookApi.Webhooks;

/// <summary>Standard Webhooks v1 verification (HMAC-SHA256 over <c>id.timestamp.body</c>), constant-time.</summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the request is authentic; otherwise why it is not.</summary>
    public static string? Verify(string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, WebhookSecrets secrets, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return $"The {IdHeader}, {TimestampHeader} and {SignatureHeader} headers are required.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return $"The {TimestampHeader} is not within {Tolerance.TotalMinutes} minutes of now.";
        }

        var signed = Concat(Encoding.UTF8.GetBytes($"{id}.{timestamp}."), body);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var key in secrets.Keys)
        {
            HMACSHA256.HashData(key, signed, expected);
            foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (entry.StartsWith("v1,", StringComparison.Ordinal)
                    && Convert.TryFromBase64String(entry[3..], presented, out var written)
                    && written == expected.Length
                    && CryptographicOperations.FixedTimeEquals(expected, presented))
                {
                    return null;
                }
            }
        }

        return "No signature matches.";
    }

    private static byte[] Concat(byte[] prefix, ReadOnlySpan<byte> body)
    {
        var all = new byte[prefix.Length + body.Length];
        prefix.CopyTo(all, 0);
        body.CopyTo(all.AsSpan(prefix.Length));
        return all;
    }
}
