using System.Text;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Cotahist;

/// <summary>
/// COTAHIST (b3-data-formats.md §7), daily or yearly, into <c>b3.daily_quotes</c>: a header record (00), quote
/// records (01) of 245 characters, and a trailer (99) whose record count must equal the records read, header and
/// trailer included; a truncated file fails that check and loads nothing.
/// </summary>
public sealed class CotahistParser : IFileParser
{
    public Dataset Dataset => Dataset.Cotahist;

    public string Table => CotahistLayout.Schema.Table;

    public string DateColumn => CotahistLayout.Schema.DateColumn;

    public IReadOnlyList<string> Columns => CotahistLayout.Schema.ColumnNames;

    private static Encoding Encoding => CotahistLayout.Format.Encoding;

    public bool Recognizes(ReadOnlySpan<byte> head) => head.StartsWith("PK"u8) || head.StartsWith(CotahistFormat.HeaderStartBytes);

    public void Parse(Stream content, ParseContext context, IRowTarget target, CancellationToken cancellationToken)
    {
        using var archive = CotahistArchive.Open(content);
        try
        {
            ReadRecords(archive.Records, target, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidFileException($"bad ZIP: {e.Message}", e);
        }
    }

    private static void ReadRecords(Stream records, IRowTarget target, CancellationToken cancellationToken)
    {
        using var lines = new LineReader(records);
        ReadHeader(lines);
        var reader = new CotahistRecordReader();
        var row = new RowBuffer(CotahistLayout.Schema, CotahistLayout.Labels);
        var gate = new RowGate(target, CotahistLayout.Rules.Start());
        long? declaredRecords = null;
        var recordsRead = lines.LineNumber;

        while (lines.TryReadLine(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (declaredRecords is not null)
            {
                if (!record.Trim((byte)' ').IsEmpty)
                {
                    throw new InvalidFileException($"bad COTAHIST: line {lines.LineNumber} follows the trailer record");
                }

                continue;
            }

            recordsRead = lines.LineNumber;
            if (record.StartsWith(CotahistFormat.TrailerRecordBytes))
            {
                declaredRecords = ReadTrailerCount(record);
            }
            else if (!record.StartsWith(CotahistFormat.QuoteRecordBytes))
            {
                gate.Reject(lines.LineNumber, Encoding.GetString(record), $"unknown record type '{Encoding.GetString(record[..Math.Min(2, record.Length)])}'");
            }
            else if (record.Length != CotahistFormat.RecordLength)
            {
                gate.Reject(lines.LineNumber, Encoding.GetString(record), $"the record has {record.Length} characters where COTAHIST has {CotahistFormat.RecordLength}");
            }
            else
            {
                reader.Read(record, row);
                gate.Submit(row, lines.LineNumber, record, Encoding);
            }
        }

        CheckTrailer(declaredRecords, recordsRead);
        gate.Complete();
    }

    private static void ReadHeader(LineReader lines)
    {
        if (!lines.TryReadLine(out var header) || header.Trim((byte)' ').IsEmpty)
        {
            throw new InvalidFileException("empty file: no COTAHIST header record");
        }

        if (!header.StartsWith(CotahistFormat.HeaderStartBytes))
        {
            throw new InvalidFileException(
                $"unknown header: a COTAHIST starts with a header record '00COTAHIST.…', this file with '{Encoding.GetString(header[..Math.Min(40, header.Length)])}'");
        }
    }

    private static long ReadTrailerCount(ReadOnlySpan<byte> trailer)
    {
        var countText = trailer.Length >= CotahistFormat.TrailerRecordCount.End ? CotahistFormat.TrailerRecordCount.Slice(trailer) : [];
        return NumberParser.TryParseDigits(countText, out var count)
            ? count
            : throw new InvalidFileException($"bad COTAHIST trailer: its record count '{Encoding.GetString(countText)}' is not a number");
    }

    private static void CheckTrailer(long? declaredRecords, long recordsRead)
    {
        if (declaredRecords is null)
        {
            throw new InvalidFileException($"no COTAHIST trailer record (99): the file ends after {recordsRead} records, so it was cut short");
        }

        if (declaredRecords != recordsRead)
        {
            throw new InvalidFileException(
                $"trailer count mismatch: the COTAHIST trailer declares {declaredRecords} records (header and trailer included) but {recordsRead} were read");
        }
    }
}
