using System.Buffers.Binary;

namespace B3.Processor.Loading;

/// <summary>
/// PostgreSQL's binary numeric: base-10000 digits, most significant first, after four 16-bit words: the digit count,
/// the weight (power of 10000) of the first digit, the sign and the display scale. The integer mantissa (the value times
/// 10^scale) is padded to whole base-10000 digits after the point, cut into digits, and stripped of zero digits at both
/// ends, as PostgreSQL itself sends a numeric.
/// </summary>
internal static class PostgresNumeric
{
    /// <summary>
    /// A decimal's 96-bit mantissa has at most 29 decimal digits, 32 once padded: 8 base-10000 digits. Room for 10 keeps
    /// the bound obvious.
    /// </summary>
    private const int MaxDigits = 10;

    private const int DecimalDigitsPerDigit = 4;
    private const short Positive = 0x0000;
    private const short Negative = 0x4000;

    /// <summary>Ten to the 16th: the largest power of 10000 whose remainders fit a ulong.</summary>
    private const ulong FourDigits = 10_000_000_000_000_000;

    private static readonly UInt128[] PowersOfTen = [1, 10, 100, 1000];

    /// <summary>The most bytes one value takes.</summary>
    public const int MaxBytes = (4 * sizeof(short)) + (MaxDigits * sizeof(short));

    /// <summary>Writes a decimal's numeric into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Encode(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return Encode(mantissa, scale, value < 0, destination);
    }

    /// <summary>Writes the numeric of <paramref name="magnitude"/> / 10^<paramref name="scale"/>; returns the bytes written.</summary>
    public static int Encode(UInt128 magnitude, int scale, bool negative, Span<byte> destination)
    {
        var padding = (DecimalDigitsPerDigit - (scale % DecimalDigitsPerDigit)) % DecimalDigitsPerDigit;
        var mantissa = magnitude * PowersOfTen[padding];

        Span<short> digits = stackalloc short[MaxDigits];
        var count = 0;
        if (mantissa > ulong.MaxValue)
        {
            var low = (ulong)(mantissa % FourDigits);
            mantissa /= FourDigits;
            for (var i = 0; i < 4; i++, low /= 10_000)
            {
                digits[count++] = (short)(low % 10_000);
            }
        }

        for (var rest = (ulong)mantissa; rest != 0; rest /= 10_000)
        {
            digits[count++] = (short)(rest % 10_000);
        }

        var lowest = 0;
        while (lowest < count && digits[lowest] == 0)
        {
            lowest++;
        }

        var kept = count - lowest;
        var weight = kept == 0 ? 0 : count - 1 - ((scale + padding) / DecimalDigitsPerDigit);
        var words = destination;
        Write(ref words, (short)kept);
        Write(ref words, (short)weight);
        Write(ref words, negative && kept > 0 ? Negative : Positive);
        Write(ref words, (short)scale);
        for (var i = count - 1; i >= lowest; i--)
        {
            Write(ref words, digits[i]);
        }

        return destination.Length - words.Length;
    }

    private static void Write(ref Span<byte> destination, short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(destination, value);
        destination = destination[sizeof(short)..];
    }
}
