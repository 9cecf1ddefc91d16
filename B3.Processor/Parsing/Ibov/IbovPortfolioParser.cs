using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Ibov;

/// <summary>
/// The day's IBOV theoretical portfolio (GetPortfolioDay, every page; b3-data-formats.md §11) into
/// <c>b3.index_composition</c>. Numbers are pt-BR text (<c>"2,792"</c>, <c>"478.975.645"</c>); the portfolio's
/// reductor is repeated on each member. A rejected member's line number is its 1-based position across the pages.
/// </summary>
public sealed class IbovPortfolioParser : IFileParser
{
    /// <summary>A day's portfolio is some tens of KB; anything this large is not one.</summary>
    public const int MaxDocumentBytes = 16 << 20;

    /// <summary>A number's text longer than this is not one of the portfolio's (and would not fit the stack buffer).</summary>
    private const int MaxNumberLength = 64;

    private const int ReadBytes = 1 << 16;

    private static readonly int Date = IbovLayout.Schema.IndexOf("report_date");
    private static readonly int Index = IbovLayout.Schema.IndexOf("index_code");
    private static readonly int Ticker = IbovLayout.Schema.IndexOf("ticker");
    private static readonly int Asset = IbovLayout.Schema.IndexOf("asset");
    private static readonly int Type = IbovLayout.Schema.IndexOf("type");
    private static readonly int EconomicSegment = IbovLayout.Schema.IndexOf("economic_segment");
    private static readonly int Participation = IbovLayout.Schema.IndexOf("participation");
    private static readonly int TheoreticalQuantity = IbovLayout.Schema.IndexOf("theoretical_quantity");
    private static readonly int Reductor = IbovLayout.Schema.IndexOf("reductor");

    public Dataset Dataset => Dataset.Ibov;

    public string Table => IbovLayout.Schema.Table;

    public string DateColumn => IbovLayout.Schema.DateColumn;

    public IReadOnlyList<string> Columns => IbovLayout.Schema.ColumnNames;

    public bool Recognizes(ReadOnlySpan<byte> head)
    {
        var text = head.StartsWith(ByteOrderMark.Utf8) ? head[ByteOrderMark.Utf8.Length..] : head;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && text[start] is (byte)'{' or (byte)'[';
    }

    public void Parse(Stream content, ParseContext context, IRowTarget target, CancellationToken cancellationToken)
    {
        using var json = ReadJson(content);
        var document = PortfolioDocument.From(json.RootElement, context.Key);
        var row = new RowBuffer(IbovLayout.Schema, IbovLayout.Labels);
        var gate = new RowGate(target, IbovLayout.Rules.Start());
        long position = 0;
        foreach (var page in document.Pages)
        {
            var reductor = page.TryGetProperty("header", out var header) && header.ValueKind == JsonValueKind.Object
                && header.TryGetProperty("reductor", out var value) ? value : default;
            foreach (var member in page.GetProperty(IbovPortfolioFormat.ResultsProperty).EnumerateArray())
            {
                cancellationToken.ThrowIfCancellationRequested();
                position++;
                row.Clear();
                row.SetDate(Date, document.Date);
                row.SetText(Index, document.Index);
                if (member.ValueKind == JsonValueKind.Object)
                {
                    ReadMember(member, row);
                    SetNumber(row, Reductor, reductor);
                }
                else
                {
                    row.Fail("a portfolio member must be a JSON object");
                }

                gate.Submit(row, position, member.GetRawText());
            }
        }

        if (document.DeclaredRecords is { } declared && declared != position)
        {
            throw new InvalidFileException($"the pages declare {declared} members (page.totalRecords) but {position} were read: a page is missing");
        }

        gate.Complete();
    }

    private static void ReadMember(JsonElement member, RowBuffer row)
    {
        row.SetText(Ticker, Text(member, IbovPortfolioFormat.TickerProperty));
        row.SetText(Asset, Text(member, "asset"));
        row.SetText(Type, Text(member, "type"));
        row.SetText(EconomicSegment, Text(member, "segment"));
        SetNumber(row, Participation, Property(member, "part"));
        SetNumber(row, TheoreticalQuantity, Property(member, "theoricalQty"));
    }

    private static JsonElement Property(JsonElement member, string name) =>
        member.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement member, string name)
    {
        var value = Property(member, name);
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static void SetNumber(RowBuffer row, int column, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                row.SetNull(column);
                break;
            case JsonValueKind.Number when value.TryGetDecimal(out var number):
                row.SetNumeric(column, number);
                break;
            case JsonValueKind.String when string.IsNullOrWhiteSpace(value.GetString()):
                row.SetNull(column);
                break;
            case JsonValueKind.String when TryParseBrazilian(value.GetString()!.Trim(), out var number):
                row.SetNumeric(column, number);
                break;
            default:
                row.FailInvalid(column, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), "a number");
                break;
        }
    }

    private static bool TryParseBrazilian(string text, out decimal value)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(text.Length, MaxNumberLength))];
        value = 0;
        return text.Length <= MaxNumberLength && NumberParser.TryParseDecimal(utf8[..Encoding.UTF8.GetBytes(text, utf8)], NumberFormat.Brazilian, out value);
    }

    /// <summary>Reads the document whole, which is safe only because of <see cref="MaxDocumentBytes"/>.</summary>
    private static JsonDocument ReadJson(Stream content)
    {
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            int read;
            while ((read = content.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxDocumentBytes)
                {
                    throw new InvalidFileException($"the document is larger than {MaxDocumentBytes} bytes: not a day's portfolio");
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
}
