using System.Runtime.InteropServices;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// A row's natural key, compact so that a yearly COTAHIST (millions of rows) can be checked for duplicates:
/// the date, the ticker (a pooled string), and the row's codes packed three decimal digits each.
/// </summary>
internal readonly record struct NaturalKey(DateOnly Date, string Ticker, int Codes)
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    // Pooled tickers are usually the same instance, which string.Equals checks first.
    public bool Equals(NaturalKey other) => Codes == other.Codes && Date == other.Date && string.Equals(Ticker, other.Ticker);

    /// <summary>
    /// The ticker's characters taken eight bytes at a time, where the string's own hash is randomized and goes a character
    /// at a time; a file's rows are not chosen to collide, so a fixed hash is enough.
    /// </summary>
    public override int GetHashCode()
    {
        var hash = ((ulong)(uint)Codes << 32) | (uint)Date.DayNumber;
        var bytes = MemoryMarshal.AsBytes(Ticker.AsSpan());
        for (; bytes.Length >= sizeof(ulong); bytes = bytes[sizeof(ulong)..])
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(bytes)) * Multiplier;
        }

        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Multiplier;
        }

        return (int)(hash >> 32);
    }
}
