namespace B3.Core.Formats;

/// <summary>A field of a fixed-width record, at the 1-based position and length B3's layouts give.</summary>
public readonly record struct FixedWidthField(int Position, int Length)
{
    /// <summary>The 0-based offset of the field's first character.</summary>
    public int Offset => Position - 1;

    /// <summary>The 0-based offset just past the field.</summary>
    public int End => Offset + Length;

    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> record) => record.Slice(Offset, Length);

    public ReadOnlySpan<char> Slice(ReadOnlySpan<char> record) => record.Slice(Offset, Length);
}
