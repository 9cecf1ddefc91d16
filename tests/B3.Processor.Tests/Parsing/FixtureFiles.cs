using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace B3.Processor.Tests.Parsing;

/// <summary>The files under Fixtures/ (SOURCES.md there), and ways to derive variants of them in memory.</summary>
internal static class FixtureFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The lines of a single-byte (Windows-1252 or Latin-1) file, without their line endings.</summary>
    public static string[] Lines(string name) => File.ReadAllLines(PathOf(name), Encoding.Latin1);

    /// <summary>COTAHIST lines with the trailer's (the last line's) record count set to the number of lines.</summary>
    public static string[] WithCotahistTrailerCount(IReadOnlyList<string> lines) =>
        [.. lines.Take(lines.Count - 1), string.Concat(lines[^1].AsSpan(0, 31), lines.Count.ToString("D11", CultureInfo.InvariantCulture), lines[^1].AsSpan(42))];

    /// <summary>The lines joined back into a single-byte file, with the given line ending after each.</summary>
    public static byte[] Join(IEnumerable<string> lines, string newLine = "\r\n") =>
        Encoding.Latin1.GetBytes(string.Concat(lines.Select(line => line + newLine)));

    public static byte[] Zip(params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The text of the single member of a ZIP fixture.</summary>
    public static string[] ZipMemberLines(string name)
    {
        using var zip = ZipFile.OpenRead(PathOf(name));
        using var reader = new StreamReader(Assert.Single(zip.Entries).Open(), Encoding.Latin1);
        return reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
