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

    // What each column takes, worked out once instead of matching the field's type and flags for every value.
    private static readonly ReadStep[] Steps = [.. Fields.Select(ReadStep.Of)];

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
        for (var column = 0; column < Steps.Length; column++)
        {
            var step = Steps[column];
            switch (step.Kind)
            {
                case ReadKind.Text:
                    row.SetText(column, _texts[column]!.Get(step.Slice(record)));
                    break;
                case ReadKind.Date when TryReadDate(record, column, step, out var date):
                    row.SetDate(column, date);
                    break;
                case ReadKind.Numeric:
                    var value = NumberParser.WithImpliedDecimals(step.Digits(record), step.Scale);
                    row.SetNumeric(column, step.PerQuoteFactor && quoteFactor != 1 ? value / quoteFactor : value);
                    break;
                case ReadKind.Digits:
                    row.SetInteger(column, step.Digits(record));
                    break;
                case ReadKind.DigitsOrBlank when NumberParser.AreDigits(step.Slice(record)):
                    row.SetInteger(column, step.Digits(record));
                    break;
                case ReadKind.DigitsOrBlank when step.Slice(record).Trim((byte)' ').IsEmpty:
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
    private bool TryReadDate(ReadOnlySpan<byte> record, int column, ReadStep step, out DateOnly? date)
    {
        var digits = step.Digits(record);
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

    private enum ReadKind : byte
    {
        Text,
        Date,
        Numeric,
        Digits,
        DigitsOrBlank,
    }

    /// <summary>A column's field as the plain path reads it: 0-based start, length, and for numerics the scale and FATCOT.</summary>
    private readonly record struct ReadStep(ReadKind Kind, int Start, int Length, byte Scale, bool PerQuoteFactor)
    {
        public static ReadStep Of(CotahistField field) => new(KindOf(field), field.Position - 1, field.Length, field.Scale, field.PerQuoteFactor);

        public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> record) => record.Slice(Start, Length);

        /// <summary>The field's value, its digits already checked.</summary>
        public long Digits(ReadOnlySpan<byte> record) => NumberParser.ParseKnownDigits(record, Start, Length);

        private static ReadKind KindOf(CotahistField field) => field.Type switch
        {
            ColumnType.Text => ReadKind.Text,
            ColumnType.Date => ReadKind.Date,
            ColumnType.Numeric when field.Scale > 0 => ReadKind.Numeric,
            ColumnType.Integer or ColumnType.Bigint when MustBeDigits(field) => ReadKind.Digits,
            ColumnType.Integer when field.BlankIsZero => ReadKind.DigitsOrBlank,
            _ => throw new InvalidOperationException($"The plain path has no reading for {field.Name} ({field.Type})."),
        };
    }
}
