using System.Runtime.Intrinsics;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// The fast path for the quote records nearly every file is made of: every number and date plain digits (PRAZOT digits
/// or blank), every date valid or B3's "no date", FATCOT not 0. Such a record's digits are checked once, a vector at
/// a time, and read without checking again; its text comes from one <see cref="FixedWidthText"/> per column.
/// The row it fills is the one the general <see cref="CotahistRecordReader"/> path would fill. Any other record is
/// left to that path, which names what is wrong.
/// </summary>
/// <remarks>
/// The fields are read one kind at a time, each kind in its own loop over a table of its fields, so that no value waits
/// on a branch that picks its kind: a switch per column measured a tenth of the parse in its jump alone.
/// </remarks>
internal sealed class PlainRecordReader
{
    private static readonly CotahistField[] Fields = [.. CotahistLayout.Fields];
    private static readonly DigitCheck[] DigitChecks = DigitCheck.Of(Fields.Where(MustBeDigits));

    private static readonly FieldAt[] Numerics = Of(field => field.Type == ColumnType.Numeric && field.Scale > 0);
    private static readonly FieldAt[] Integers = Of(field => field.Type is ColumnType.Integer or ColumnType.Bigint && MustBeDigits(field));
    private static readonly FieldAt[] IntegersOrBlank = Of(field => field.Type == ColumnType.Integer && field.BlankIsZero);
    private static readonly FieldAt[] Dates = Of(field => field.Type == ColumnType.Date);
    private static readonly FieldAt[] Texts = Of(field => field.Type == ColumnType.Text);

    private readonly FixedWidthText[] _texts;
    private readonly RecentDate[] _recentDates = new RecentDate[Dates.Length];

    static PlainRecordReader()
    {
        var read = Numerics.Length + Integers.Length + IntegersOrBlank.Length + Dates.Length + Texts.Length;
        if (read != Fields.Length)
        {
            throw new InvalidOperationException($"The plain path reads {read} of the {Fields.Length} COTAHIST fields.");
        }
    }

    public PlainRecordReader()
    {
        var strings = new StringPool(CotahistLayout.Format.Encoding);
        _texts = [.. Texts.Select(_ => new FixedWidthText(strings))];
    }

    /// <summary>Fills the whole row from a plain record; false for any other record, leaving the row half filled.</summary>
    public bool TryRead(ReadOnlySpan<byte> record, RowBuffer row)
    {
        if (!DigitCheck.Passes(DigitChecks, record))
        {
            return false;
        }

        var quoteFactor = NumberParser.ParseKnownDigits(record, CotahistLayout.QuoteFactor.Position - 1, CotahistLayout.QuoteFactor.Length);
        if (quoteFactor == 0 || !TryReadDates(record, row) || !TryReadIntegersOrBlank(record, row))
        {
            return false;
        }

        row.ClearError();
        ReadNumerics(record, row, quoteFactor);
        ReadIntegers(record, row);
        ReadTexts(record, row);
        return true;
    }

    private static void ReadNumerics(ReadOnlySpan<byte> record, RowBuffer row, long quoteFactor)
    {
        foreach (ref readonly var field in Numerics.AsSpan())
        {
            var value = NumberParser.WithImpliedDecimals(field.Digits(record), field.Scale);
            row.SetNumeric(field.Column, field.PerQuoteFactor && quoteFactor != 1 ? value / quoteFactor : value);
        }
    }

    private static void ReadIntegers(ReadOnlySpan<byte> record, RowBuffer row)
    {
        foreach (ref readonly var field in Integers.AsSpan())
        {
            row.SetInteger(field.Column, field.Digits(record));
        }
    }

    /// <summary>PRAZOT: digits, or blank for term 0; false for anything else.</summary>
    private static bool TryReadIntegersOrBlank(ReadOnlySpan<byte> record, RowBuffer row)
    {
        foreach (ref readonly var field in IntegersOrBlank.AsSpan())
        {
            var bytes = field.Slice(record);
            if (NumberParser.AreDigits(bytes))
            {
                row.SetInteger(field.Column, field.Digits(record));
            }
            else if (bytes.Trim((byte)' ').IsEmpty)
            {
                row.SetInteger(field.Column, 0);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The dates; consecutive records nearly always repeat them (the trading day, an expiration).</summary>
    private bool TryReadDates(ReadOnlySpan<byte> record, RowBuffer row)
    {
        for (var index = 0; index < Dates.Length; index++)
        {
            ref readonly var field = ref Dates[index];
            var digits = field.Digits(record);
            ref var recent = ref _recentDates[index];
            if (!recent.IsSet || recent.Digits != digits)
            {
                if (!DateParser.TryCreate(digits / 10_000, digits / 100 % 100, digits % 100, out var date))
                {
                    return false;
                }

                recent = new RecentDate(true, digits, date);
            }

            row.SetDate(field.Column, recent.Date);
        }

        return true;
    }

    private void ReadTexts(ReadOnlySpan<byte> record, RowBuffer row)
    {
        for (var index = 0; index < Texts.Length; index++)
        {
            ref readonly var field = ref Texts[index];
            row.SetText(field.Column, _texts[index].Get(field.Slice(record)));
        }
    }

    private static bool MustBeDigits(CotahistField field) => field.Type != ColumnType.Text && !field.BlankIsZero;

    private static FieldAt[] Of(Func<CotahistField, bool> kind) =>
        [.. Fields.Select((field, column) => (field, column)).Where(pair => kind(pair.field)).Select(pair => FieldAt.Of(pair.field, pair.column))];

    /// <summary>
    /// Whether a record holds digits wherever a field must, 16 bytes at a time: each vector of the record is compared at
    /// once with '0'-'9', and a mask keeps the bytes that belong to such fields.
    /// </summary>
    private readonly record struct DigitCheck(int Start, Vector128<byte> Mask)
    {
        private const int Width = 16;

        public static DigitCheck[] Of(IEnumerable<CotahistField> fields)
        {
            var mask = new byte[CotahistLayout.RecordLength];
            foreach (var field in fields)
            {
                mask.AsSpan(field.Position - 1, field.Length).Fill(byte.MaxValue);
            }

            // Whole vectors from the start, the last one ending at the record's end (overlapping the one before it).
            var starts = Enumerable.Range(0, CotahistLayout.RecordLength / Width).Select(index => index * Width).Append(CotahistLayout.RecordLength - Width);
            return [.. starts
                .Select(start => new DigitCheck(start, Vector128.Create(mask.AsSpan(start, Width))))
                .Where(check => check.Mask != Vector128<byte>.Zero)];
        }

        public static bool Passes(ReadOnlySpan<DigitCheck> checks, ReadOnlySpan<byte> record)
        {
            var notDigits = Vector128<byte>.Zero;
            foreach (ref readonly var check in checks)
            {
                var bytes = Vector128.Create(record.Slice(check.Start, Width));
                notDigits |= Vector128.GreaterThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)9)) & check.Mask;
            }

            return notDigits == Vector128<byte>.Zero;
        }
    }

    private readonly record struct RecentDate(bool IsSet, long Digits, DateOnly? Date);

    /// <summary>A field as the plain path reads it: its column, 0-based start and length, and for numerics the scale and FATCOT.</summary>
    private readonly record struct FieldAt(int Column, int Start, int Length, byte Scale, bool PerQuoteFactor)
    {
        public static FieldAt Of(CotahistField field, int column) => new(column, field.Position - 1, field.Length, field.Scale, field.PerQuoteFactor);

        public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> record) => record.Slice(Start, Length);

        /// <summary>The field's value, its digits already checked.</summary>
        public long Digits(ReadOnlySpan<byte> record) => NumberParser.ParseKnownDigits(record, Start, Length);
    }
}
