namespace B3.Processor.Parsing.Common;

/// <summary>
/// A row's natural key within its date (a file's keys are kept per date), in two words and no reference: the ticker's
/// characters a byte each with its length, and the row's codes (three decimal digits each). Holding no reference, the
/// millions of keys of a yearly COTAHIST cost the garbage collector nothing to trace. B3's tickers are at most
/// <see cref="MaxPackedLength"/> ASCII characters; any other ticker is keyed by a number the file gives it.
/// </summary>
internal readonly record struct NaturalKey(ulong Low, ulong High)
{
    public const int MaxPackedLength = 12;
    private const int LengthShift = 32;
    private const int CodesShift = 36; // codes up to 999,999: 20 bits, below the flag of a numbered ticker
    private const ulong NumberedTicker = 1UL << 63;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private const ulong MaxAscii = 0x7F;

    /// <summary>The key of a ticker of at most <see cref="MaxPackedLength"/> ASCII characters; false for any other.</summary>
    public static bool TryPack(ReadOnlySpan<char> ticker, int codes, out NaturalKey key)
    {
        key = default;
        if (ticker.Length > MaxPackedLength)
        {
            return false;
        }

        // A character at a time: a call to a vectorized narrowing costs more than these twelve at most.
        var lowCount = Math.Min(ticker.Length, sizeof(ulong));
        ulong low = 0, high = 0, allBits = 0;
        for (var i = 0; i < lowCount; i++)
        {
            low |= (ulong)ticker[i] << (8 * i);
            allBits |= ticker[i];
        }

        for (var i = lowCount; i < ticker.Length; i++)
        {
            high |= (ulong)ticker[i] << (8 * (i - lowCount));
            allBits |= ticker[i];
        }

        if (allBits > MaxAscii)
        {
            return false;
        }

        key = new(low, high | ((ulong)ticker.Length << LengthShift) | ((ulong)codes << CodesShift));
        return true;
    }

    /// <summary>The key of a ticker that does not pack, by the number the file gave it.</summary>
    public static NaturalKey OfNumberedTicker(int tickerNumber, int codes) =>
        new((ulong)tickerNumber, NumberedTicker | ((ulong)codes << CodesShift));

    // A file's rows are not chosen to collide, so a fixed multiplicative hash of the two words is enough.
    public override int GetHashCode() => (int)((((Low * Multiplier) ^ High) * Multiplier) >> 32);
}
