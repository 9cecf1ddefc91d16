using Microsoft.Extensions.Configuration;

namespace B3.Core.Alerts;

/// <summary>
/// Where alerts go: <c>ALERT_WEBHOOK_URL</c>, a Slack or Discord incoming-webhook URL (anything that takes a JSON POST
/// with <c>text</c> or <c>content</c>). Optional: without it alerts are only logged.
/// </summary>
public sealed class AlertSettings
{
    public const string UrlVariable = "ALERT_WEBHOOK_URL";

    public Uri? WebhookUrl { get; init; }

    /// <summary>A cause is sent at most once in this interval, by all instances of all services together.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(1);

    public static AlertSettings FromConfiguration(IConfiguration configuration)
    {
        if (configuration[UrlVariable] is not { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            return new AlertSettings();
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? new AlertSettings { WebhookUrl = url }
            // The value is a secret (the URL is the credential): never echo it.
            : throw new InvalidOperationException($"{UrlVariable} must be an absolute http or https URL.");
    }
}
