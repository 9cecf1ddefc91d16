using System.Runtime.Intrinsics;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// A field of up to 18 digits at a fixed place in fixed-length records, read a vector at a time. Its bytes are moved
/// to the end of a 16-byte vector by a shuffle that also zeroes every other lane, so a field of any width anywhere in the
/// record takes the same few instructions and no branch on its bytes, and the same vector shows whether they are
/// digits. A field longer than 16 digits takes a second vector for the digits before its last 16.
/// </summary>
internal readonly struct DigitField
{
    public const int MaxLength = 18;
    private const int Width = 16;

    private readonly DigitWindow _last;
    private readonly DigitWindow _first;
    private readonly bool _isLong;

    /// <param name="start">The field's 0-based start in the record.</param>
    public DigitField(int start, int length, int recordLength)
    {
        if (length is < 1 or > MaxLength || start < 0 || start + length > recordLength || recordLength < Width)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"A digit field of {length} bytes at {start} does not fit records of {recordLength} bytes.");
        }

        _isLong = length > Width;
        _last = _isLong ? DigitWindow.Of(start + length - Width, Width, recordLength) : DigitWindow.Of(start, length, recordLength);
        _first = _isLong ? DigitWindow.Of(start, length - Width, recordLength) : default;
    }

    /// <summary>
    /// The field's value, read as if it held only digits; any lane that did not is set in <paramref name="notDigits"/>,
    /// which the caller checks (<see cref="AreAllDigits"/>) before it trusts the values read.
    /// </summary>
    public long Read(ReadOnlySpan<byte> record, ref Vector128<byte> notDigits)
    {
        var last = _last.Read(record, ref notDigits);
        return _isLong ? (_first.Read(record, ref notDigits) * 10_000_000_000_000_000) + last : last;
    }

    public static bool AreAllDigits(Vector128<byte> notDigits) => notDigits == Vector128<byte>.Zero;

    /// <summary>The 16 bytes of the record that hold a field, and the shuffle that puts the field's bytes at their end.</summary>
    private readonly struct DigitWindow(int start, Vector128<byte> shuffle)
    {
        // An index with its high bit set gives a zero lane with x86's pshufb and Arm's tbl, which ShuffleNative maps to
        // (Shuffle's own out-of-range check costs three instructions more per field).
        private const byte Zero = byte.MaxValue;

        public static DigitWindow Of(int fieldStart, int length, int recordLength)
        {
            var start = Math.Clamp(fieldStart + length - Width, 0, recordLength - Width);
            var indices = new byte[Width];
            for (var lane = 0; lane < Width; lane++)
            {
                var digit = lane - (Width - length);
                indices[lane] = digit < 0 ? Zero : (byte)(fieldStart - start + digit);
            }

            return new(start, Vector128.Create(indices));
        }

        public long Read(ReadOnlySpan<byte> record, ref Vector128<byte> notDigits)
        {
            var digits = Vector128.ShuffleNative(Vector128.Create(record.Slice(start, Width)) - Vector128.Create((byte)'0'), shuffle);
            notDigits |= Vector128.GreaterThan(digits, Vector128.Create((byte)9));
            return NumberParser.SixteenDigits(digits);
        }
    }
}
