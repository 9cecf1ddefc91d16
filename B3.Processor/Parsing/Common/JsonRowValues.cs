using System.Globalization;
using System.Text.Json;

namespace B3.Processor.Parsing.Common;

/// <summary>JSON values of B3's APIs into a row's columns: numbers as pt-BR text or JSON numbers, dates as text.</summary>
internal static class JsonRowValues
{
    /// <summary>A number: null when absent or blank, the row failed (naming the column and text) when not a number.</summary>
    public static void SetNumber(RowBuffer row, int column, JsonElement value)
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
            case JsonValueKind.String when BrazilianNumber.TryParse(value.GetString()!.Trim(), out var number):
                row.SetNumeric(column, number);
                break;
            default:
                row.FailInvalid(column, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), "a number");
                break;
        }
    }

    /// <summary>A date in <paramref name="format"/>: null when absent or blank, the row failed when not such a date.</summary>
    public static DateOnly? SetDate(RowBuffer row, int column, JsonElement value, string format)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || text is { Length: 0 })
        {
            row.SetNull(column);
            return null;
        }

        if (text is not null && DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            row.SetDate(column, date);
            return date;
        }

        row.FailInvalid(column, text ?? value.GetRawText(), $"a {format} date");
        return null;
    }
}
