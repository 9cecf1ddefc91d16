using System.Text;

namespace B3.Processor.Parsing.Common;

/// <summary>Turns the bytes of one field into the value of its column, in a file's <see cref="FieldFormat"/>.</summary>
internal sealed class FieldDecoder(FieldFormat format)
{
    private readonly StringPool _strings = new(format.Encoding);
    private readonly byte[]? _nullToken = format.NullToken is { Length: > 0 } token ? format.Encoding.GetBytes(token) : null;

    /// <summary>Sets the column from the field; a value that does not parse marks the row failed, naming the field.</summary>
    public void Decode(RowBuffer row, int column, ReadOnlySpan<byte> field)
    {
        var value = field.Trim((byte)' ');
        if (value.IsEmpty || (_nullToken is not null && value.SequenceEqual(_nullToken)))
        {
            row.SetNull(column);
            return;
        }

        switch (row.Schema.Columns[column].Type)
        {
            case ColumnType.Text:
                row.SetText(column, _strings.Get(value));
                break;
            case ColumnType.Date when DateParser.TryParse(value, format.Dates, out var date):
                row.SetDate(column, date);
                break;
            case ColumnType.Numeric when NumberParser.TryParseDecimal(value, format.Numbers, out var number):
                row.SetNumeric(column, number);
                break;
            case ColumnType.Integer or ColumnType.Bigint when TryParseWhole(value, row.Schema.Columns[column].Type, out var integer):
                row.SetInteger(column, integer);
                break;
            case ColumnType.Boolean when TryParseBoolean(value, out var flag):
                row.SetBoolean(column, flag);
                break;
            default:
                row.FailInvalid(column, format.Encoding.GetString(value), Expected(row.Schema.Columns[column].Type));
                break;
        }
    }

    private bool TryParseWhole(ReadOnlySpan<byte> value, ColumnType type, out long integer) =>
        NumberParser.TryParseInteger(value, format.Numbers, out integer)
        && (type == ColumnType.Bigint || integer is >= int.MinValue and <= int.MaxValue);

    private static bool TryParseBoolean(ReadOnlySpan<byte> value, out bool flag)
    {
        flag = value.Length == 4 && Ascii.EqualsIgnoreCase(value, "true"u8);
        return flag || (value.Length == 5 && Ascii.EqualsIgnoreCase(value, "false"u8));
    }

    private static string Expected(ColumnType type) => type switch
    {
        ColumnType.Date => "a valid date",
        ColumnType.Boolean => "true or false",
        ColumnType.Integer or ColumnType.Bigint => "a whole number",
        _ => "a number",
    };
}
