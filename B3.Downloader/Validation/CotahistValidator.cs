using System.Globalization;
using System.IO.Compression;
using System.Text;
using B3.Core.Formats;
using B3.Downloader.Sources;

namespace B3.Downloader.Validation;

/// <summary>What a valid COTAHIST ZIP held.</summary>
public sealed record CotahistSummary(string Member, long Records);

/// <summary>
/// Checks a COTAHIST ZIP end to end before it is stored (b3-data-formats.md §7): the archive opens (a truncated
/// streaming ZIP has no central directory), it has exactly one member (any name), every record is of COTAHIST's length,
/// the header is dated the requested day (or names the requested year), every quote carries that date (or year),
/// and the trailer's record count equals the lines read. The member is streamed, never held in memory.
/// </summary>
public static class CotahistValidator
{
    public static async Task<CotahistSummary> ValidateAsync(string path, FetchRequest request, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipFile.OpenReadAsync(path, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new FileRejectedException($"not a readable ZIP archive (truncated download?): {e.Message}");
        }

        await using (archive)
        {
            var members = archive.Entries.Where(entry => !entry.FullName.EndsWith('/')).ToList();
            if (members.Count != 1)
            {
                throw new FileRejectedException($"the ZIP has {members.Count} members ({string.Join(", ", members.Select(m => m.FullName))}); COTAHIST has exactly one");
            }

            var member = members[0];
            try
            {
                await using var content = await member.OpenAsync(cancellationToken);
                var records = await CheckRecordsAsync(content, member.FullName, request, cancellationToken);
                return new CotahistSummary(member.FullName, records);
            }
            catch (InvalidDataException e)
            {
                throw new FileRejectedException($"{member.FullName} cannot be decompressed: {e.Message}");
            }
        }
    }

    /// <summary>Checks the records of an unzipped COTAHIST text and returns their count (header and trailer included).</summary>
    public static async Task<long> CheckRecordsAsync(Stream text, string name, FetchRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(text, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        var header = await reader.ReadLineAsync(cancellationToken) ?? throw new FileRejectedException($"{name} is empty");
        CheckLength(header, name, 1);
        CheckHeader(header, name, request);

        long lines = 1;
        string? trailer = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines++;
            if (trailer is not null)
            {
                throw new FileRejectedException($"{name}: line {lines} comes after the trailer");
            }

            CheckLength(line, name, lines);
            switch (line[..2])
            {
                case CotahistFormat.QuoteRecord:
                    CheckQuoteDate(line, name, lines, request);
                    break;
                case CotahistFormat.TrailerRecord:
                    trailer = line;
                    break;
                default:
                    throw new FileRejectedException($"{name}: line {lines} has record type '{line[..2]}'");
            }
        }

        if (trailer is null)
        {
            throw new FileRejectedException($"{name}: no trailer record (99); the file is cut short after {lines} lines");
        }

        var declared = long.Parse(CotahistFormat.TrailerRecordCount.Slice(trailer), NumberStyles.None, CultureInfo.InvariantCulture);
        return declared == lines
            ? lines
            : throw new FileRejectedException($"{name}: the trailer counts {declared} records but the file has {lines} lines (truncated)");
    }

    private static void CheckHeader(string header, string name, FetchRequest request)
    {
        if (!header.StartsWith(CotahistFormat.HeaderStart, StringComparison.Ordinal))
        {
            throw new FileRejectedException($"{name}: the first record is not a COTAHIST header ('{CsvFileValidator.Shorten(header)}')");
        }

        if (request.Yearly)
        {
            var year = request.Date.Year.ToString("D4", CultureInfo.InvariantCulture);
            if (CotahistFormat.HeaderYear.Slice(header).SequenceEqual(year))
            {
                return;
            }

            throw new FileRejectedException($"{name}: the header names {CotahistFormat.HeaderFileName.Slice(header).Trim()}, expected COTAHIST.{year}");
        }

        var generated = CotahistFormat.HeaderDate.Slice(header);
        if (!generated.SequenceEqual(request.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)))
        {
            throw new FileRejectedException($"{name}: the header is dated {generated}, expected {request.Date:yyyyMMdd}");
        }
    }

    private static void CheckQuoteDate(string line, string name, long lineNumber, FetchRequest request)
    {
        var date = CotahistFormat.QuoteDate.Slice(line);
        var matches = request.Yearly
            ? date[..4].SequenceEqual(request.Date.Year.ToString("D4", CultureInfo.InvariantCulture))
            : date.SequenceEqual(request.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        if (!matches)
        {
            throw new FileRejectedException($"{name}: line {lineNumber} is dated {date}, outside the requested {(request.Yearly ? "year" : "day")}");
        }
    }

    private static void CheckLength(string line, string name, long lineNumber)
    {
        if (line.Length != CotahistFormat.RecordLength)
        {
            throw new FileRejectedException($"{name}: line {lineNumber} has {line.Length} characters; COTAHIST records have {CotahistFormat.RecordLength}");
        }
    }
}
