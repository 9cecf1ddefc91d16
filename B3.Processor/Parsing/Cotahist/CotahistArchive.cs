using System.IO.Compression;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// The records of a stored COTAHIST: the only member of its ZIP, whatever its name (yearly members are named
/// <c>COTAHIST.A1986</c>, <c>COTAHIST_A2001</c>, <c>COTAHIST_A2002.TXT</c>…), or the stream itself when it does not
/// start with the ZIP signature (a bare TXT).
/// </summary>
internal sealed class CotahistArchive : IDisposable
{
    private readonly ZipArchive? _archive;
    private readonly Stream? _member;

    private CotahistArchive(Stream records, ZipArchive? archive = null)
    {
        Records = records;
        _archive = archive;
        _member = archive is null ? null : records;
    }

    public Stream Records { get; }

    public static CotahistArchive Open(Stream content)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("A COTAHIST must be given as a seekable stream: a ZIP is read from its central directory.", nameof(content));
        }

        Span<byte> signature = stackalloc byte[2];
        var start = content.Position;
        var read = content.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);
        content.Position = start;
        if (read == 0)
        {
            throw new InvalidFileException("empty file");
        }

        if (!signature[..read].SequenceEqual("PK"u8))
        {
            return new CotahistArchive(content);
        }

        // Reading a ZIP's directory and opening its member both throw InvalidDataException for a damaged archive.
        ZipArchive? archive = null;
        try
        {
            archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            return new CotahistArchive(OpenSingleMember(archive), archive);
        }
        catch (InvalidDataException e)
        {
            archive?.Dispose();
            throw new InvalidFileException($"bad ZIP: {e.Message}", e);
        }
        catch
        {
            archive?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _member?.Dispose();
        _archive?.Dispose();
    }

    private static Stream OpenSingleMember(ZipArchive archive)
    {
        var members = archive.Entries.Where(entry => !entry.FullName.EndsWith('/')).ToList();
        if (members.Count != 1)
        {
            var names = members.Count == 0 ? "none" : string.Join(", ", members.Select(member => member.FullName));
            throw new InvalidFileException($"bad ZIP: a COTAHIST ZIP holds exactly one file, this one holds {members.Count} ({names})");
        }

        if (members[0].Length == 0)
        {
            throw new InvalidFileException($"empty file: the ZIP member {members[0].FullName} is empty");
        }

        return members[0].Open();
    }
}
