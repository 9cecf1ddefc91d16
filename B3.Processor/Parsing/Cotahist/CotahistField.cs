using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// One field of a COTAHIST quote record: its column, B3's field name, 1-based position and length, and for numbers
/// with implied decimals their <see cref="Scale"/> and whether the value is per <c>FATCOT</c> units.
/// </summary>
internal sealed record CotahistField(
    string Column,
    ColumnType Type,
    string Name,
    int Position,
    int Length,
    byte Scale = 0,
    bool PerQuoteFactor = false,
    bool BlankIsZero = false)
{
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> record) => record.Slice(Position - 1, Length);
}
