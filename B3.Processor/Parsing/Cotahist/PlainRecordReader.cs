using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// The fast path for the quote records nearly every file is made of: every number and date plain digits (PRAZOT digits
/// or blank), every date valid or B3's "no date", FATCOT not 0. Such a record's digits are checked once, in runs of
/// adjacent fields, and read without checking again; its text comes from one <see cref="FixedWidthText"/> per column.
/// The row it fills is the one the general <see cref="CotahistRecordReader"/> path would fill. Any other record is
/// left to that path, which names what is wrong.
/// </summary>
internal sealed class PlainRecordReader
{
    private static readonly CotahistField[] Fields = [.. CotahistLayout.Fields];
    private static readonly (int Start, int Length)[] DigitRuns = AdjacentRuns(Fields.Where(MustBeDigits));

    private readonly FixedWidthText?[] _texts;

    private readonly RecentDate[] _recentDates = new RecentDate[Fields.Length];

    public PlainRecordReader()
    {
        var strings = new StringPool(CotahistLayout.Format.Encoding);
        _texts = [.. Fields.Select(field => field.Type == ColumnType.Text ? new FixedWidthText(strings) : null)];
    }

    /// <summary>Fills the whole row from a plain record; false for any other record, leaving the row half filled.</summary>
    public bool TryRead(ReadOnlySpan<byte> record, RowBuffer row)
    {
        foreach (var (start, length) in DigitRuns)
        {
            if (!NumberParser.AreDigits(record.Slice(start, length)))
            {
                return false;
            }
        }

        var quoteFactor = Digits(record, CotahistLayout.QuoteFactor);
        if (quoteFactor == 0)
        {
            return false;
        }

        row.ClearError();
        for (var column = 0; column < Fields.Length; column++)
        {
            var field = Fields[column];
            switch (field.Type)
            {
                case ColumnType.Text:
                    row.SetText(column, _texts[column]!.Get(field.Slice(record)));
                    break;
                case ColumnType.Date when TryReadDate(record, column, out var date):
                    row.SetDate(column, date);
                    break;
                case ColumnType.Numeric when field.Scale > 0:
                    var value = NumberParser.WithImpliedDecimals(Digits(record, field), field.Scale);
                    row.SetNumeric(column, field.PerQuoteFactor && quoteFactor != 1 ? value / quoteFactor : value);
                    break;
                case ColumnType.Integer or ColumnType.Bigint when MustBeDigits(field):
                    row.SetInteger(column, Digits(record, field));
                    break;
                case ColumnType.Integer or ColumnType.Bigint when NumberParser.AreDigits(field.Slice(record)):
                    row.SetInteger(column, Digits(record, field));
                    break;
                case ColumnType.Integer when field.BlankIsZero && field.Slice(record).Trim((byte)' ').IsEmpty:
                    row.SetInteger(column, 0);
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool MustBeDigits(CotahistField field) => field.Type != ColumnType.Text && !field.BlankIsZero;

    private static long Digits(ReadOnlySpan<byte> record, CotahistField field) =>
        NumberParser.ParseKnownDigits(record, field.Position - 1, field.Length);

    /// <summary>The fields' byte ranges, 0-based, with adjacent ones merged so that one check covers them.</summary>
    private static (int Start, int Length)[] AdjacentRuns(IEnumerable<CotahistField> fields)
    {
        var runs = new List<(int Start, int Length)>();
        foreach (var field in fields.OrderBy(field => field.Position))
        {
            if (runs.Count > 0 && runs[^1].Start + runs[^1].Length == field.Position - 1)
            {
                runs[^1] = (runs[^1].Start, runs[^1].Length + field.Length);
            }
            else
            {
                runs.Add((field.Position - 1, field.Length));
            }
        }

        return [.. runs];
    }

    /// <summary>A date column's value; consecutive records nearly always repeat it (the trading day, an expiration).</summary>
    private bool TryReadDate(ReadOnlySpan<byte> record, int column, out DateOnly? date)
    {
        var digits = Digits(record, Fields[column]);
        ref var recent = ref _recentDates[column];
        if (recent.IsSet && recent.Digits == digits)
        {
            date = recent.Date;
            return true;
        }

        if (!DateParser.TryCreate(digits / 10_000, digits / 100 % 100, digits % 100, out date))
        {
            return false;
        }

        recent = new RecentDate(true, digits, date);
        return true;
    }

    private readonly record struct RecentDate(bool IsSet, long Digits, DateOnly? Date);
}
