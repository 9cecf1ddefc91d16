using System.Text;

namespace B3.Processor.Parsing.Common;

/// <summary>Turns the bytes of one field into the value of its column, in a file's <see cref="FieldFormat"/>.</summary>
internal sealed class FieldDecoder(FieldFormat format)
{
    // A text column is pooled while its values repeat: one whose first values nearly all differ (an instrument's ticker,
    // ISIN or description) is decoded straight to a new string instead, without hashing it for a pool that never hits.
    private const int PoolTrialValues = 1024;
    private const int MinRepeatsInTrial = PoolTrialValues / 8;

    private readonly StringPool _strings = new(format.Encoding);
    private readonly byte[]? _nullToken = format.NullToken is { Length: > 0 } token ? format.Encoding.GetBytes(token) : null;
    private RecentText[] _recent = [];

    /// <summary>Sets the column from the field; a value that does not parse marks the row failed, naming the field.</summary>
    public void Decode(RowBuffer row, int column, ReadOnlySpan<byte> field)
    {
        // Most fields have no blank at either end, and a call to Trim costs more than looking.
        var value = !field.IsEmpty && (field[0] == ' ' || field[^1] == ' ') ? field.Trim((byte)' ') : field;
        if (value.IsEmpty || (_nullToken is not null && value.SequenceEqual(_nullToken)))
        {
            row.SetNull(column);
            return;
        }

        var type = row.TypeOf(column);
        switch (type)
        {
            case ColumnType.Text:
                row.SetText(column, Text(column, value));
                break;
            case ColumnType.Date when DateParser.TryParse(value, format.Dates, out var date):
                row.SetDate(column, date);
                break;
            case ColumnType.Numeric when NumberParser.TryParseDecimal(value, format.Numbers, out var number):
                row.SetNumeric(column, number);
                break;
            case ColumnType.Integer or ColumnType.Bigint when TryParseWhole(value, type, out var integer):
                row.SetInteger(column, integer);
                break;
            case ColumnType.Boolean when TryParseBoolean(value, out var flag):
                row.SetBoolean(column, flag);
                break;
            default:
                row.FailInvalid(column, format.Encoding.GetString(value), Expected(type));
                break;
        }
    }

    /// <summary>
    /// The column's text, the same string as the row before when the bytes are the same: consecutive rows share their
    /// company, class, segment and codes, and comparing a few bytes costs less than a lookup in the pool.
    /// </summary>
    private string Text(int column, ReadOnlySpan<byte> value)
    {
        if (column >= _recent.Length)
        {
            Array.Resize(ref _recent, column + 1);
        }

        ref var recent = ref _recent[column];
        if (recent.Text is not null && value.SequenceEqual(recent.Bytes.AsSpan(0, recent.Length)))
        {
            return recent.Text;
        }

        if (recent.Bytes is null || recent.Bytes.Length < value.Length)
        {
            recent.Bytes = new byte[Math.Max(value.Length, 16)];
        }

        value.CopyTo(recent.Bytes);
        recent.Length = value.Length;
        return recent.Text = recent.IsUnique ? _strings.Decode(value) : Pooled(ref recent, value);
    }

    private string Pooled(ref RecentText recent, ReadOnlySpan<byte> value)
    {
        var text = _strings.Get(value, out var found);
        recent.Repeats += found ? 1 : 0;
        recent.IsUnique = ++recent.Lookups == PoolTrialValues && recent.Repeats < MinRepeatsInTrial;
        return text;
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

    private struct RecentText
    {
        public byte[] Bytes;
        public int Length;
        public string? Text;
        public int Lookups;
        public int Repeats;
        public bool IsUnique;
    }
}
