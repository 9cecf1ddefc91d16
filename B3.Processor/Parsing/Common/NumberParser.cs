using System.Buffers.Text;

namespace B3.Processor.Parsing.Common;

/// <summary>Numbers from the bytes of a field, without allocating.</summary>
internal static class NumberParser
{
    private const int MaxLength = 64;

    /// <summary>An optional leading minus, digits, at most one decimal separator; thousands separators are skipped.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, NumberFormat format, out decimal value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxLength)
        {
            return false;
        }

        Span<byte> invariant = stackalloc byte[text.Length];
        var length = 0;
        var digits = 0;
        var seenSeparator = false;
        for (var i = 0; i < text.Length; i++)
        {
            var current = text[i];
            if (char.IsAsciiDigit((char)current))
            {
                invariant[length++] = current;
                digits++;
            }
            else if (current == '-' && i == 0)
            {
                invariant[length++] = current;
            }
            else if (current == format.DecimalSeparator && current != 0 && !seenSeparator)
            {
                invariant[length++] = (byte)'.';
                seenSeparator = true;
            }
            else if (current != format.GroupSeparator || current == 0 || seenSeparator || digits == 0)
            {
                return false;
            }
        }

        return digits > 0 && Utf8Parser.TryParse(invariant[..length], out value, out var consumed) && consumed == length;
    }

    /// <summary>A whole number; a zero fraction (<c>100,00</c>) is accepted, any other fraction is not.</summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> text, NumberFormat format, out long value)
    {
        value = 0;
        if (TryParseDigits(text, out value))
        {
            return true;
        }

        if (!TryParseDecimal(text, format, out var number) || number != decimal.Truncate(number) || number is < long.MinValue or > long.MaxValue)
        {
            return false;
        }

        value = (long)number;
        return true;
    }

    /// <summary>Only ASCII digits, at most 18 of them (every COTAHIST numeric field fits).</summary>
    public static bool TryParseDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var current in text)
        {
            if (!char.IsAsciiDigit((char)current))
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (current - '0');
        }

        return true;
    }

    /// <summary>Digits with <paramref name="scale"/> implied decimals: 3585 with scale 2 is 35.85.</summary>
    public static decimal WithImpliedDecimals(long digits, byte scale) =>
        new((int)digits, (int)(digits >> 32), 0, isNegative: false, scale);
}
