using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>Reads the fields of one 245-byte quote record into a row.</summary>
internal sealed class CotahistRecordReader
{
    private readonly FieldDecoder _decoder = new(CotahistLayout.Format);

    public void Read(ReadOnlySpan<byte> record, RowBuffer row)
    {
        row.Clear();
        var quoteFactor = ReadQuoteFactor(record, row);
        var fields = CotahistLayout.Fields;
        for (var column = 0; column < fields.Count; column++)
        {
            var field = fields[column];
            var bytes = field.Slice(record);
            if (field.Scale > 0)
            {
                ReadImpliedDecimals(row, column, bytes, field, quoteFactor);
            }
            else if (field.BlankIsZero && bytes.Trim((byte)' ').IsEmpty)
            {
                row.SetInteger(column, 0);
            }
            else
            {
                _decoder.Decode(row, column, bytes);
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
        if (bytes.Trim((byte)' ').IsEmpty)
        {
            row.SetNull(column);
        }
        else if (NumberParser.TryParseDigits(bytes, out var digits))
        {
            var value = NumberParser.WithImpliedDecimals(digits, field.Scale);
            row.SetNumeric(column, field.PerQuoteFactor && quoteFactor != 1 ? value / quoteFactor : value);
        }
        else
        {
            row.FailInvalid(column, CotahistLayout.Format.Encoding.GetString(bytes), "a number");
        }
    }
}
