using System.Buffers;
using System.Numerics;
using System.Text;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// Decodes text fields and hands back one string per distinct value: tickers, segments and ISINs repeat on every day of
/// a yearly COTAHIST and on many rows of a CSV. ASCII values, nearly all of B3's, are looked up by their bytes, so a
/// value seen before is neither decoded nor allocated again; others are decoded first. Past <see cref="Capacity"/>
/// values new ones are no longer kept, so a file of unique values costs no more than decoding it.
/// </summary>
internal sealed class StringPool
{
    public const int Capacity = 200_000;
    private const int StackChars = 256;

    private readonly Encoding _encoding;
    private readonly HashSet<string> _strings = new(TextComparer.Instance);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<byte>> _byAscii;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public StringPool(Encoding encoding)
    {
        _encoding = encoding;
        _byAscii = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();
        _byChars = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Get(ReadOnlySpan<byte> bytes) => Get(bytes, out _);

    /// <param name="found">Whether the value was in the pool, so a caller can tell a column whose values repeat.</param>
    public string Get(ReadOnlySpan<byte> bytes, out bool found)
    {
        if (Ascii.IsValid(bytes))
        {
            found = _byAscii.TryGetValue(bytes, out var pooled);
            return found ? pooled! : Keep(Encoding.ASCII.GetString(bytes));
        }

        var maxChars = _encoding.GetMaxCharCount(bytes.Length);
        char[]? rented = null;
        var chars = maxChars <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            var text = chars[.._encoding.GetChars(bytes, chars)];
            found = _byChars.TryGetValue(text, out var pooled);
            return found ? pooled! : Keep(text.ToString());
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The text of the bytes, not pooled: ASCII, nearly all of B3's, decoded without the file's code page.</summary>
    public string Decode(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes) ? Encoding.ASCII.GetString(bytes) : _encoding.GetString(bytes);

    private string Keep(string created)
    {
        if (_strings.Count < Capacity)
        {
            _strings.Add(created);
        }

        return created;
    }

    /// <summary>
    /// Ordinal string equality, also against a span of chars or of ASCII bytes (byte i equals char i), with one hash
    /// (FNV-1a over the characters) for all three.
    /// </summary>
    private sealed class TextComparer :
        IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
    {
        public static TextComparer Instance { get; } = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<char> alternate) => Fnv1a(alternate);

        public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();

        public bool Equals(ReadOnlySpan<byte> alternate, string other) => alternate.Length == other.Length && Ascii.Equals(alternate, other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Fnv1a(alternate);

        public string Create(ReadOnlySpan<byte> alternate) => Encoding.ASCII.GetString(alternate);

        private static int Fnv1a<T>(ReadOnlySpan<T> characters)
            where T : unmanaged, IBinaryInteger<T>
        {
            var hash = 2_166_136_261u;
            foreach (var character in characters)
            {
                hash = (hash ^ uint.CreateTruncating(character)) * 16_777_619u;
            }

            return (int)hash;
        }
    }
}
