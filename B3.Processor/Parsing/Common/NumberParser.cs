using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace B3.Processor.Parsing.Common;

/// <summary>Numbers from the bytes of a field, without allocating.</summary>
internal static class NumberParser
{
    private const int MaxLength = 64;

    /// <summary>The most digits <see cref="TryParseDigits"/> takes: 10^18 - 1 fits a long (whose maximum is 9.2 × 10^18).</summary>
    private const int MaxDigits = 18;

    private const int WordDigits = sizeof(ulong);

    /// <summary>In an ASCII digit's byte (0x30-0x39) the high nibble is 3, and adding 6 does not carry into it.</summary>
    private const ulong HighNibbles = 0xF0F0F0F0F0F0F0F0;
    private const ulong AsciiDigitHighNibbles = 0x3333333333333333;
    private const ulong SixPerByte = 0x0606060606060606;

    // The multipliers of EightDigits: each joins a lane with the next one, (10 × lane) + next, and the shift keeps the
    // sum. No step carries into a neighbouring lane: a pair is at most 99 in 16 bits, a four 9,999 in 32.
    private const ulong JoinDigits = (10 << 8) + 1;
    private const ulong JoinPairs = (100 << 16) + 1;
    private const ulong JoinFours = (10_000UL << 32) + 1;

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

    /// <summary>Only ASCII digits, at most <see cref="MaxDigits"/> of them (every COTAHIST numeric field fits).</summary>
    public static bool TryParseDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxDigits)
        {
            return false;
        }

        var head = text.Length % WordDigits;
        foreach (var current in text[..head])
        {
            if (!char.IsAsciiDigit((char)current))
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (current - '0');
        }

        for (var start = head; start < text.Length; start += WordDigits)
        {
            if (!TryParseEightDigits(text.Slice(start, WordDigits), out var eight))
            {
                value = 0;
                return false;
            }

            value = (value * 100_000_000) + eight;
        }

        return true;
    }

    /// <summary>
    /// Sixteen digits, 0-9 (not ASCII) one per byte, the most significant first: a field's digits as
    /// <see cref="DigitField"/> lines them up, with zeros before a shorter field. With SSSE3, three multiply-and-add steps
    /// join neighbours into pairs, fours and eights (Mula and Lemire's SIMD digit parsing); elsewhere each half is read as
    /// a word (<see cref="SixteenDigitsAsWords"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SixteenDigits(Vector128<byte> digits) => Ssse3.IsSupported ? SixteenDigitsWithSsse3(digits) : SixteenDigitsAsWords(digits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long SixteenDigitsWithSsse3(Vector128<byte> digits)
    {
        var pairs = Ssse3.MultiplyAddAdjacent(digits, Vector128.Create((byte)10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1).AsSByte());
        var fours = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)100, 1, 100, 1, 100, 1, 100, 1));
        var packed = Sse2.PackSignedSaturate(fours, fours);
        var eights = Sse2.MultiplyAddAdjacent(packed, Vector128.Create((short)10_000, 1, 10_000, 1, 10_000, 1, 10_000, 1)).AsUInt64().ToScalar();
        return ((long)(uint)eights * 100_000_000) + (long)(eights >> 32);
    }

    internal static long SixteenDigitsAsWords(Vector128<byte> digits)
    {
        var words = digits.AsUInt64();
        return (EightDigits(words.GetElement(0)) * 100_000_000) + EightDigits(words.GetElement(1));
    }

    /// <summary>
    /// Eight ASCII digits at once, in one 64-bit word (Lemire, "Fast integer parsing of 8 digits"): a check that every byte
    /// is 0x30-0x39, then <see cref="EightDigits"/>. COTAHIST is mostly 13- and 18-digit fields, where this is several
    /// times faster than a digit at a time.
    /// </summary>
    private static bool TryParseEightDigits(ReadOnlySpan<byte> text, out long value)
    {
        var chunk = BinaryPrimitives.ReadUInt64LittleEndian(text);
        if (((chunk & HighNibbles) | (((chunk + SixPerByte) & HighNibbles) >> 4)) != AsciiDigitHighNibbles)
        {
            value = 0;
            return false;
        }

        value = EightDigits(chunk);
        return true;
    }

    /// <summary>
    /// Eight digits, ASCII or 0-9, in a little-endian word, the first in the lowest byte; a zero byte counts as a leading
    /// zero. Three multiply-and-shift steps combine the digits into pairs, fours and the whole number.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long EightDigits(ulong chunk)
    {
        chunk = ((chunk & 0x0F0F0F0F0F0F0F0F) * JoinDigits) >> 8;
        chunk = ((chunk & 0x00FF00FF00FF00FF) * JoinPairs) >> 16;
        return (long)(((chunk & 0x0000FFFF0000FFFF) * JoinFours) >> 32);
    }

    /// <summary>Digits with <paramref name="scale"/> implied decimals: 3585 with scale 2 is 35.85, -3585 is -35.85.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static decimal WithImpliedDecimals(long unscaled, byte scale)
    {
        var magnitude = Magnitude(unscaled);
        return new((int)magnitude, (int)(magnitude >> 32), 0, unscaled < 0, scale);
    }

    /// <summary>The value without its sign, long.MinValue's included.</summary>
    public static ulong Magnitude(long value) => value < 0 ? (ulong)-value : (ulong)value;
}
