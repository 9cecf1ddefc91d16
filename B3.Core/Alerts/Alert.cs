using System.Globalization;
using System.Text.Json.Serialization;

namespace B3.Core.Alerts;

/// <summary>One alert: <paramref name="Cause"/> is what is deduplicated (at most once per hour), <paramref name="Text"/> what is posted.</summary>
public sealed record Alert(string Cause, string Text)
{
    /// <summary>An ingestion job that ended <c>failed</c> (a wrong file) or <c>dead</c> (attempts used up).</summary>
    public static Alert JobEnded(string status, string objectKey, long jobId, int attempt, int maxAttempts, string reason) => new(
        $"job-{status}:{objectKey}",
        string.Create(CultureInfo.InvariantCulture, $"Job {jobId} for {objectKey} is {status} after attempt {attempt} of {maxAttempts}: {Shorten(reason, 500)}"));

    /// <summary>A trading day whose files are still not all stored at the alert hour.</summary>
    public static Alert DownloadMissing(DateOnly day, TimeOnly at, IReadOnlyList<string> missingKeys) => new(
        $"download-missing:{day:yyyy-MM-dd}",
        string.Create(CultureInfo.InvariantCulture,
            $"Daily download of {day:yyyy-MM-dd} not complete at {at:HH\\:mm} America/Sao_Paulo: {missingKeys.Count} object(s) missing ({string.Join(", ", missingKeys)})"));

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}

/// <summary>
/// The body posted to <c>ALERT_WEBHOOK_URL</c>: Slack's incoming webhooks read <c>text</c>, Discord's read
/// <c>content</c>; each ignores the other field.
/// </summary>
public sealed record AlertMessage(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("content")] string Content);

[JsonSerializable(typeof(AlertMessage))]
public sealed partial class AlertJsonContext : JsonSerializerContext;

/// <summary>What became of one <see cref="AlertNotifier.NotifyAsync"/> call.</summary>
public enum AlertOutcome
{
    /// <summary>Posted to <c>ALERT_WEBHOOK_URL</c>.</summary>
    Sent,

    /// <summary>The same cause was sent less than an hour ago (by this or another instance).</summary>
    Suppressed,

    /// <summary>No <c>ALERT_WEBHOOK_URL</c>: written to the log only.</summary>
    LoggedOnly,

    /// <summary>The post or the database failed; the cause is released so that the next occurrence tries again.</summary>
    Failed,
}
