using System.Text;
using System.Text.RegularExpressions;

namespace B3.Processor.Parsing.Common;

/// <summary>A number written as B3's JSON APIs write it, in a string: <c>"58.130.517.165,22"</c>, <c>"0,13340000000"</c>.</summary>
internal static partial class BrazilianNumber
{
    /// <summary>A number's text longer than this is not one of B3's (and would not fit the stack buffer).</summary>
    private const int MaxLength = 64;

    /// <summary>
    /// Parses exactly, into a decimal: no binary floating point on the way. Dots must group thousands, so a number
    /// written the English way (<c>"0.1334"</c>) is refused rather than read as 1334.
    /// </summary>
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        if (text.Length > MaxLength || !Shape().IsMatch(text))
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(MaxLength)];
        return NumberParser.TryParseDecimal(utf8[..Encoding.UTF8.GetBytes(text, utf8)], NumberFormat.Brazilian, out value);
    }

    [GeneratedRegex(@"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
