using System.Text;

namespace B3.Processor.Parsing.Common;

internal static class Encodings
{
    /// <summary>
    /// B3's CSVs: Windows-1252, a superset of Latin-1 for printable characters. The code-page provider ships with .NET
    /// but must be registered before the encoding can be looked up.
    /// </summary>
    public static Encoding Windows1252 { get; } = Register();

    private static Encoding Register()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
