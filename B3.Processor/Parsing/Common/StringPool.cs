using System.Buffers;
using System.Text;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// Decodes text fields and hands back one string per distinct value: tickers, segments and ISINs repeat on every day of
/// a yearly COTAHIST and on many rows of a CSV. Past <see cref="Capacity"/> values new ones are no longer kept, so a
/// file of unique values costs no more than decoding it.
/// </summary>
internal sealed class StringPool(Encoding encoding)
{
    public const int Capacity = 200_000;
    private const int StackChars = 256;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    public string Get(ReadOnlySpan<byte> bytes)
    {
        var maxChars = encoding.GetMaxCharCount(bytes.Length);
        char[]? rented = null;
        var chars = maxChars <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            var text = chars[..encoding.GetChars(bytes, chars)];
            var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(text, out var pooled))
            {
                return pooled;
            }

            var created = text.ToString();
            if (_strings.Count < Capacity)
            {
                _strings.Add(created);
            }

            return created;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
