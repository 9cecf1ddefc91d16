using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// One field of a COTAHIST quote record: its column, B3's field name, where it is in the record, and for numbers
/// with implied decimals their <see cref="Scale"/> and whether the value is per <c>FATCOT</c> units.
/// </summary>
internal sealed record CotahistField(
    string Column,
    ColumnType Type,
    string Name,
    FixedWidthField At,
    byte Scale = 0,
    bool PerQuoteFactor = false,
    bool BlankIsZero = false)
{
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> record) => At.Slice(record);
}
