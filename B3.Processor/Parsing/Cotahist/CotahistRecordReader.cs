using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// Reads the fields of one 245-byte quote record into a row: a plain record through the <see cref="PlainRecordReader"/>,
/// any other field by field, dates and numbers straight from their digits. Text, and any field that is not plain digits
/// (blanks, a sign, garbage), goes through the general <see cref="FieldDecoder"/>, which pools the text and accepts or
/// rejects the rest with its reason.
/// </summary>
internal sealed class CotahistRecordReader
{
    private static readonly CotahistField[] Fields = [.. CotahistLayout.Fields];

    private readonly PlainRecordReader _plain = new();
    private readonly FieldDecoder _decoder = new(CotahistLayout.Format);

    public void Read(ReadOnlySpan<byte> record, RowBuffer row)
    {
        if (!_plain.TryRead(record, row))
        {
            ReadFieldByField(record, row);
        }
    }

    /// <summary>The general path, which every record can take (the tests compare it with the plain one).</summary>
    internal void ReadFieldByField(ReadOnlySpan<byte> record, RowBuffer row)
    {
        row.Clear();
        var quoteFactor = ReadQuoteFactor(record, row);
        for (var column = 0; column < Fields.Length; column++)
        {
            var field = Fields[column];
            var bytes = field.Slice(record);
            switch (field.Type)
            {
                case ColumnType.Date when DateParser.TryParse(bytes, DateLayout.Compact, out var date):
                    row.SetDate(column, date);
                    break;
                case ColumnType.Numeric when field.Scale > 0:
                    ReadImpliedDecimals(row, column, bytes, field, quoteFactor);
                    break;
                case ColumnType.Integer or ColumnType.Bigint when NumberParser.TryParseDigits(bytes, out var integer):
                    row.SetInteger(column, integer);
                    break;
                case ColumnType.Integer when field.BlankIsZero && bytes.Trim((byte)' ').IsEmpty:
                    row.SetInteger(column, 0);
                    break;
                default:
                    _decoder.Decode(row, column, bytes);
                    break;
            }
        }
    }

    private static long ReadQuoteFactor(ReadOnlySpan<byte> record, RowBuffer row)
    {
        var field = CotahistLayout.QuoteFactor;
        if (NumberParser.TryParseDigits(field.Slice(record), out var factor) && factor == 0)
        {
            row.Fail($"{field.Name} is 0: the prices cannot be divided by it");
        }

        return factor > 0 ? factor : 1;
    }

    private static void ReadImpliedDecimals(RowBuffer row, int column, ReadOnlySpan<byte> bytes, CotahistField field, long quoteFactor)
    {
        if (NumberParser.TryParseDigits(bytes, out var digits))
        {
            var value = NumberParser.WithImpliedDecimals(digits, field.Scale);
            row.SetNumeric(column, field.PerQuoteFactor && quoteFactor != 1 ? value / quoteFactor : value);
        }
        else if (bytes.Trim((byte)' ').IsEmpty)
        {
            row.SetNull(column);
        }
        else
        {
            row.FailInvalid(column, CotahistLayout.Format.Encoding.GetString(bytes), "a number");
        }
    }
}
