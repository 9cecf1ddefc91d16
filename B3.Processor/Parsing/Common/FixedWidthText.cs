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
/// <remarks>
/// Each value remembers the value that came after it last time. B3 lists every day's records in the same order (by BDI
/// code, company and ticker), so the ticker after this one is nearly always the one that came after it the day before:
/// that guess is checked first, without hashing, in an entry stored next to this one. A yearly file's tens of thousands
/// of tickers otherwise cost a hash lookup that misses the processor's cache on every record.
/// </remarks>
internal sealed class FixedWidthText(StringPool strings)
{
    public const int MaxLength = 16;
    private const int None = -1;

    private readonly Dictionary<RawField, int> _indexOf = [];
    private Entry[] _entries = new Entry[64];
    private int _count;
    private int _lastIndex = None;
    private RawField _lastRaw;
    private string? _lastText;
    private bool _hasLast;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string? Get(ReadOnlySpan<byte> field)
    {
        var raw = RawField.Of(field);
        // Consecutive records often repeat a column (the currency, the company of an option series).
        return _hasLast && raw == _lastRaw ? _lastText : Find(raw, field);
    }

    private string? Find(RawField raw, ReadOnlySpan<byte> field)
    {
        var guess = _lastIndex == None ? None : _entries[_lastIndex].Next;
        var index = guess != None && _entries[guess].Raw == raw ? guess : IndexOf(raw, field);
        if (_lastIndex != None && index != None)
        {
            _entries[_lastIndex].Next = index;
        }

        (_lastIndex, _lastRaw, _lastText, _hasLast) = (index, raw, index == None ? Decode(field) : _entries[index].Text, true);
        return _lastText;
    }

    /// <summary>The value's entry, added when new; <see cref="None"/> once the column holds as many values as it keeps.</summary>
    private int IndexOf(RawField raw, ReadOnlySpan<byte> field)
    {
        if (_indexOf.TryGetValue(raw, out var index))
        {
            return index;
        }

        if (_count >= StringPool.Capacity)
        {
            return None;
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count] = new Entry(raw, Decode(field));
        _indexOf.Add(raw, _count);
        return _count++;
    }

    private string? Decode(ReadOnlySpan<byte> field)
    {
        var value = field.Trim((byte)' ');
        return value.IsEmpty ? null : strings.Get(value);
    }

    private struct Entry(RawField raw, string? text)
    {
        public readonly RawField Raw = raw;
        public readonly string? Text = text;
        public int Next = None;
    }

    /// <summary>
    /// A field's bytes as two words: the first eight and the last eight, overlapping when shorter than 16, zero-extended
    /// when shorter than 8; exact for the one width of a column.
    /// </summary>
    private readonly record struct RawField(ulong Head, ulong Tail)
    {
        private const ulong GoldenRatio = 0x9E3779B97F4A7C15;

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

        // 2^64 divided by the golden ratio (Fibonacci hashing): the multiply spreads every input bit into the high half.
        public override int GetHashCode() => (int)((((Head * GoldenRatio) ^ Tail) * GoldenRatio) >> 32);

        /// <summary>A field of fewer than 8 bytes, read as two words that overlap where it is not a whole one.</summary>
        private static ulong Short(ReadOnlySpan<byte> field) => field.Length switch
        {
            >= sizeof(uint) => BinaryPrimitives.ReadUInt32LittleEndian(field)
                | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(field[^sizeof(uint)..]) << (8 * (field.Length - sizeof(uint)))),
            >= sizeof(ushort) => BinaryPrimitives.ReadUInt16LittleEndian(field)
                | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(field[^sizeof(ushort)..]) << (8 * (field.Length - sizeof(ushort)))),
            1 => field[0],
            _ => 0,
        };
    }
}
