using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// The text of one fixed-width column (up to 16 bytes), trimmed of blanks, null when blank, as the general
/// <see cref="FieldDecoder"/> decodes it: one string per distinct value, found by the field's raw bytes taken as two
/// machine words, so a value seen before is neither trimmed, decoded nor hashed character by character. New values come
/// from a <see cref="StringPool"/> the columns may share; past <see cref="StringPool.Capacity"/> values they are no
/// longer kept.
/// </summary>
internal sealed class FixedWidthText(StringPool strings)
{
    public const int MaxLength = 16;

    private readonly Dictionary<RawField, string?> _known = [];
    private RawField _last;
    private string? _lastText;
    private bool _hasLast;

    public string? Get(ReadOnlySpan<byte> field)
    {
        var raw = RawField.Of(field);
        // Consecutive records often repeat a column (the currency, the company of an option series).
        if (_hasLast && raw == _last)
        {
            return _lastText;
        }

        if (!_known.TryGetValue(raw, out var text))
        {
            text = Decode(field);
            if (_known.Count < StringPool.Capacity)
            {
                _known.Add(raw, text);
            }
        }

        (_last, _lastText, _hasLast) = (raw, text, true);
        return text;
    }

    private string? Decode(ReadOnlySpan<byte> field)
    {
        var value = field.Trim((byte)' ');
        return value.IsEmpty ? null : strings.Get(value);
    }

    /// <summary>
    /// A field's bytes as two words: the first eight and the last eight, overlapping when shorter than 16, zero-extended
    /// when shorter than 8; exact for the one width of a column.
    /// </summary>
    private readonly record struct RawField(ulong Head, ulong Tail)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static RawField Of(ReadOnlySpan<byte> field)
        {
            if (field.Length > MaxLength)
            {
                throw new ArgumentException($"A fixed-width text field has at most {MaxLength} bytes.", nameof(field));
            }

            return field.Length >= sizeof(ulong)
                ? new(BinaryPrimitives.ReadUInt64LittleEndian(field), BinaryPrimitives.ReadUInt64LittleEndian(field[^sizeof(ulong)..]))
                : new(Short(field), 0);
        }

        public override int GetHashCode() => (int)((((Head * 0x9E3779B97F4A7C15) ^ Tail) * 0x9E3779B97F4A7C15) >> 32);

        private static ulong Short(ReadOnlySpan<byte> field)
        {
            ulong word = 0;
            for (var i = field.Length - 1; i >= 0; i--)
            {
                word = (word << 8) | field[i];
            }

            return word;
        }
    }
}
