using B3.ServiceDefaults.Configuration;

namespace B3.WebhookApi.Webhooks;

/// <summary>
/// The HMAC keys of <c>WEBHOOK_SECRET</c>: <c>whsec_</c> + base64, several separated by commas while a secret rotates.
/// </summary>
public sealed class WebhookSecrets
{
    public const string Variable = "WEBHOOK_SECRET";
    private const string Prefix = "whsec_";

    private WebhookSecrets(IReadOnlyList<byte[]> keys) => Keys = keys;

    public IReadOnlyList<byte[]> Keys { get; }

    public static WebhookSecrets FromConfiguration(IConfiguration configuration) =>
        Parse(configuration.GetRequiredValue(Variable));

    public static WebhookSecrets Parse(string value)
    {
        var keys = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((secret, index) => Decode(secret, index + 1))
            .ToList();
        return keys.Count > 0 ? new WebhookSecrets(keys) : throw new MissingConfigurationException(Variable);
    }

    private static byte[] Decode(string secret, int position)
    {
        var encoded = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        try
        {
            var key = Convert.FromBase64String(encoded);
            return key.Length >= 16
                ? key
                : throw new InvalidOperationException($"{Variable} secret #{position} is too short: use whsec_ + base64 of 24 to 64 random bytes.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Variable} secret #{position} is not whsec_ followed by base64.");
        }
    }
}
