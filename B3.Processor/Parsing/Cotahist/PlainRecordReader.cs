using System.Runtime.Intrinsics;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// The fast path for the quote records nearly every file is made of: every number and date plain digits (PRAZOT digits
/// or blank), every date valid or B3's "no date", FATCOT not 0. Each number is read a vector at a time
/// (<see cref="DigitField"/>), which also shows whether its bytes were digits; its text comes from one
/// <see cref="FixedWidthText"/> per column.
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
    private static readonly DigitField QuoteFactor = new(CotahistLayout.QuoteFactor.At.Offset, CotahistLayout.QuoteFactor.At.Length, CotahistFormat.RecordLength);

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
        // Numbers are read first and trusted only once every one of them has shown only digits. Each kind of field
        // gathers its own non-digit lanes, in a register, rather than all through one shared variable in memory.
        var notDigits = Vector128<byte>.Zero;
        var quoteFactor = QuoteFactor.Read(record, ref notDigits);
        if (quoteFactor == 0 || !TryReadDates(record, row, ref notDigits))
        {
            return false;
        }

        notDigits |= ReadNumerics(record, row, quoteFactor) | ReadIntegers(record, row);
        if (!DigitField.AreAllDigits(notDigits) || !TryReadIntegersOrBlank(record, row))
        {
            return false;
        }

        row.ClearError();
        ReadTexts(record, row);
        return true;
    }

    /// <returns>The lanes that were not digits.</returns>
    private static Vector128<byte> ReadNumerics(ReadOnlySpan<byte> record, RowBuffer row, long quoteFactor)
    {
        var notDigits = Vector128<byte>.Zero;
        foreach (ref readonly var field in Numerics.AsSpan())
        {
            var digits = field.Digits.Read(record, ref notDigits);
            if (field.PerQuoteFactor && quoteFactor != 1)
            {
                row.SetNumeric(field.Column, NumberParser.WithImpliedDecimals(digits, field.Scale) / quoteFactor);
            }
            else
            {
                row.SetNumeric(field.Column, digits, field.Scale);
            }
        }

        return notDigits;
    }

    /// <returns>The lanes that were not digits.</returns>
    private static Vector128<byte> ReadIntegers(ReadOnlySpan<byte> record, RowBuffer row)
    {
        var notDigits = Vector128<byte>.Zero;
        foreach (ref readonly var field in Integers.AsSpan())
        {
            row.SetInteger(field.Column, field.Digits.Read(record, ref notDigits));
        }

        return notDigits;
    }

    /// <summary>PRAZOT: digits, or blank for term 0; false for anything else.</summary>
    private static bool TryReadIntegersOrBlank(ReadOnlySpan<byte> record, RowBuffer row)
    {
        foreach (ref readonly var field in IntegersOrBlank.AsSpan())
        {
            var bytes = field.Slice(record);
            if (NumberParser.TryParseDigits(bytes, out var value))
            {
                row.SetInteger(field.Column, value);
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
    private bool TryReadDates(ReadOnlySpan<byte> record, RowBuffer row, ref Vector128<byte> notDigits)
    {
        for (var index = 0; index < Dates.Length; index++)
        {
            ref readonly var field = ref Dates[index];
            var digits = field.Digits.Read(record, ref notDigits);
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

    private readonly record struct RecentDate(bool IsSet, long Digits, DateOnly? Date);

    /// <summary>A field as the plain path reads it: its column, 0-based start and length, its digits, and for numerics the scale and FATCOT.</summary>
    private readonly record struct FieldAt(int Column, int Start, int Length, DigitField Digits, byte Scale, bool PerQuoteFactor)
    {
        public static FieldAt Of(CotahistField field, int column) => new(
            column,
            field.At.Offset,
            field.At.Length,
            field.Type == ColumnType.Text ? default : new DigitField(field.At.Offset, field.At.Length, CotahistFormat.RecordLength),
            field.Scale,
            field.PerQuoteFactor);

        public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> record) => record.Slice(Start, Length);
    }
}
