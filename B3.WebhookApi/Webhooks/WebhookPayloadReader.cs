using System.Globalization;
using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Ingestion;

namespace B3.WebhookApi.Webhooks;

/// <summary>Reads the PRD's webhook body and checks every field; each problem is reported under the field's name.</summary>
public sealed class WebhookPayloadReader(ObjectKeys keys, string bucket)
{
    public WebhookPayloadRead Read(ReadOnlyMemory<byte> body)
    {
        var errors = new Dictionary<string, string[]>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            errors["body"] = [$"The body is not valid JSON: {e.Message}"];
            return new WebhookPayloadRead(null, default, errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["The body must be a JSON object."];
                return new WebhookPayloadRead(null, default, errors);
            }

            var root = document.RootElement;
            var eventType = RequiredString(root, "event_type", errors);
            var payloadBucket = RequiredString(root, "bucket", errors);
            var key = RequiredString(root, "key", errors);
            var etag = RequiredString(root, "etag", errors)?.Trim('"');
            var size = Size(root, errors);
            var timestamp = Timestamp(root, errors);

            if (payloadBucket is not null && payloadBucket != bucket)
            {
                errors["bucket"] = [$"Bucket '{payloadBucket}' is not the configured bucket '{bucket}'."];
            }

            var objectKey = default(ObjectKey);
            if (key is not null && !TryReadKey(key, out objectKey, out var keyError))
            {
                errors["key"] = [keyError];
            }

            if (errors.Count > 0)
            {
                return new WebhookPayloadRead(null, default, errors);
            }

            return new WebhookPayloadRead(new WebhookPayload(eventType!, payloadBucket!, key!, size!.Value, timestamp!.Value, etag!), objectKey, errors);
        }
    }

    private bool TryReadKey(string key, out ObjectKey parsed, out string error)
    {
        parsed = default;
        error = string.Empty;
        if (key.Contains("..", StringComparison.Ordinal) || key.Contains('\\') || key.StartsWith('/'))
        {
            error = $"Key '{key}' is not a plain object key.";
            return false;
        }

        if (!key.StartsWith(ObjectKeys.Root, StringComparison.Ordinal) || !keys.TryParse(key, out parsed))
        {
            error = $"Key '{key}' is not b3/<dataset>/yyyy-mm-dd.<ext> (datasets: {string.Join(", ", Dataset.All)}).";
            return false;
        }

        return true;
    }

    private static string? RequiredString(JsonElement root, string name, Dictionary<string, string[]> errors)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        errors[name] = [$"'{name}' is required and must be a non-empty string."];
        return null;
    }

    private static long? Size(JsonElement root, Dictionary<string, string[]> errors)
    {
        if (root.TryGetProperty("size", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var size) && size >= 0)
        {
            return size;
        }

        errors["size"] = ["'size' is required and must be a whole number of bytes, 0 or more."];
        return null;
    }

    private static DateTimeOffset? Timestamp(JsonElement root, Dictionary<string, string[]> errors)
    {
        if (root.TryGetProperty("timestamp", out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return timestamp;
        }

        errors["timestamp"] = ["'timestamp' is required and must be an ISO-8601 date and time."];
        return null;
    }
}

/// <summary>The payload and its parsed key, or the errors by field.</summary>
public sealed record WebhookPayloadRead(WebhookPayload? Payload, ObjectKey Key, IDictionary<string, string[]> Errors);
