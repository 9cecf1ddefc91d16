using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// A stored JSON document read whole (B3's JSON answers are kept as one document per day), with what can be wrong with
/// it said as an <see cref="InvalidFileException"/>: too large, empty, not UTF-8, not JSON.
/// </summary>
internal static class JsonFile
{
    private const int ReadBytes = 1 << 16;

    /// <summary>Reads the document; <paramref name="maxBytes"/> bounds the memory it takes and names what it should be.</summary>
    public static JsonDocument Read(Stream content, int maxBytes, string expected)
    {
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            int read;
            while ((read = content.Read(chunk)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new InvalidFileException($"the document is larger than {maxBytes} bytes: not {expected}");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        bytes = bytes.Span.StartsWith(ByteOrderMark.Utf8) ? bytes[ByteOrderMark.Utf8.Length..] : bytes;
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new InvalidFileException("empty file");
        }

        // JsonDocument checks a string's UTF-8 only when the string is read, and then throws what is not a JsonException.
        if (!Utf8.IsValid(bytes.Span))
        {
            throw new InvalidFileException("not valid JSON: the document is not UTF-8 text");
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidFileException($"not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Whether the first non-blank byte (after a UTF-8 byte-order mark) opens a JSON object or array.</summary>
    public static bool StartsLikeJson(ReadOnlySpan<byte> head)
    {
        var text = head.StartsWith(ByteOrderMark.Utf8) ? head[ByteOrderMark.Utf8.Length..] : head;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && text[start] is (byte)'{' or (byte)'[';
    }

    /// <summary>A member of an object, or <c>default</c> (Undefined) when it is absent or the value is no object.</summary>
    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A member's text, trimmed; null when absent, null or blank. A non-string value is its JSON text.</summary>
    public static string? Text(JsonElement element, string name)
    {
        var value = Property(element, name);
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
