using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Csv;

/// <summary>
/// Reads a <c>;</c>-separated B3 file of one <see cref="CsvLayout"/> written in one <see cref="CsvDialect"/>: finds the
/// header past an optional status line (and, in a BDI export, past its preamble), maps the columns by name, then
/// streams the rows. A layout without a report-date column takes the date from the object key.
/// </summary>
public abstract class CsvFileParser : IFileParser
{
    private const int QuotedLineChars = 200;

    private readonly CsvLayout _layout;
    private readonly CsvDialect _dialect;

    private protected CsvFileParser(Dataset dataset, CsvLayout layout, CsvDialect dialect)
    {
        Dataset = dataset;
        _layout = layout;
        _dialect = dialect;
    }

    private enum LineKind
    {
        Blank,
        Status,
        Header,
        NoRows,
        Other,
    }

    public Dataset Dataset { get; }

    public string Table => _layout.Schema.Table;

    public string DateColumn => _layout.Schema.DateColumn;

    public IReadOnlyList<string> Columns => _layout.Schema.ColumnNames;

    /// <summary>
    /// The dialect's family (a byte-order mark or none) and a header line, past the status line or preamble, that names
    /// the layout's first required column. Deliberately no stricter: <see cref="Parse"/> then names any missing column,
    /// which tells more than "unknown layout".
    /// </summary>
    public bool Recognizes(ReadOnlySpan<byte> head)
    {
        var hasByteOrderMark = head.StartsWith(ByteOrderMark.Utf8);
        if (hasByteOrderMark != _dialect.HasByteOrderMark)
        {
            return false;
        }

        var lines = _dialect.Format.Encoding.GetString(hasByteOrderMark ? head[ByteOrderMark.Utf8.Length..] : head).Split('\n');
        var preamble = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (NamesKeyColumn(line))
            {
                return true;
            }

            if (index == lines.Length - 1)
            {
                // The head ends inside this line; in a BDI export the preamble may be longer than the head.
                return line.Length > 0 && _dialect.MaxPreambleLines > 0;
            }

            switch (Classify(line))
            {
                case LineKind.NoRows:
                    return true;
                case LineKind.Other when ++preamble > _dialect.MaxPreambleLines:
                    return false;
            }
        }

        return false;
    }

    public void Parse(Stream content, ParseContext context, IRowTarget target, CancellationToken cancellationToken)
    {
        using var lines = new LineReader(content);
        var header = ReadHeader(lines);
        var schema = _layout.Schema;
        var encoding = _dialect.Format.Encoding;
        var decoder = new FieldDecoder(_dialect.Format);
        var row = new RowBuffer(schema, header.Labels);
        var gate = new RowGate(target, _layout.Rules.Start());
        var fields = new Range[header.FieldCount];
        var dateFromKey = header.FieldOf[schema.DateIndex] < 0;
        (long Line, string Raw, string Reason)? unshapedLine = null;

        while (lines.TryReadLine(out var line))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            if (unshapedLine is { } held)
            {
                gate.Reject(held.Line, held.Raw, held.Reason);
                unshapedLine = null;
            }

            if (ShapeProblem(line, fields) is { } problem)
            {
                // A BDI export ends with a disclaimer: such a line is held, and rejected only if a row follows it.
                if (_dialect.HasFooter)
                {
                    unshapedLine = (lines.LineNumber, encoding.GetString(line), problem);
                }
                else
                {
                    gate.Reject(lines.LineNumber, encoding.GetString(line), problem);
                }

                continue;
            }

            row.Clear();
            for (var column = 0; column < header.FieldOf.Length; column++)
            {
                if (header.FieldOf[column] is var field and >= 0)
                {
                    decoder.Decode(row, column, line[fields[field]]);
                }
            }

            if (dateFromKey)
            {
                row.SetDate(schema.DateIndex, context.Key.From);
            }

            gate.Submit(row, lines.LineNumber, line, encoding);
        }

        gate.Complete();
    }

    private CsvHeader ReadHeader(LineReader lines)
    {
        var preamble = 0;
        string? lastLine = null;
        while (lines.TryReadLine(out var bytes))
        {
            var line = _dialect.Format.Encoding.GetString(bytes);
            switch (Classify(line))
            {
                case LineKind.Status:
                    CheckStatus(line);
                    break;
                case LineKind.Header:
                    return _layout.TryMapHeader(line)!;
                case LineKind.NoRows:
                    throw new InvalidFileException($"the {_dialect.Name} holds no rows ('{B3Csv.NoRowsMarker}')");
                case LineKind.Other when ++preamble > _dialect.MaxPreambleLines:
                    throw UnknownHeader($"line {lines.LineNumber} lacks {string.Join(", ", _layout.MissingHeaders(line))}: '{Quote(line)}'");
                case LineKind.Other:
                    lastLine = line;
                    break;
            }
        }

        throw lastLine is null
            ? new InvalidFileException("empty file: no header line")
            : UnknownHeader($"no line before the end of the file names them; the last is '{Quote(lastLine)}'");
    }

    private LineKind Classify(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return LineKind.Blank;
        }

        if (line.StartsWith(B3Csv.StatusPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return LineKind.Status;
        }

        if (_layout.TryMapHeader(line) is not null)
        {
            return LineKind.Header;
        }

        return _dialect.MaxPreambleLines > 0 && line.Contains(B3Csv.NoRowsMarker, StringComparison.OrdinalIgnoreCase) ? LineKind.NoRows : LineKind.Other;
    }

    /// <summary>A partial file (<c>Status do Arquivo: Parcial</c>) is B3 still publishing the day: loading it would lose rows.</summary>
    private static void CheckStatus(string line)
    {
        var status = B3Csv.StatusOf(line);
        if (!status.Equals(B3Csv.FinalStatus, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidFileException($"file status is '{status}', not '{B3Csv.FinalStatus}': B3 had not finished publishing this file");
        }
    }

    /// <summary>Splits the row into <paramref name="fields"/>; says what is wrong when its field count does not fit the header.</summary>
    private static string? ShapeProblem(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = FieldSplitter.Split(line, (byte)B3Csv.Separator, fields);
        // Fields past the header's are allowed when empty (a trailing separator).
        var extraValues = count > fields.Length && line[(fields[^1].End.Value + 1)..].IndexOfAnyExcept((byte)B3Csv.Separator, (byte)' ') >= 0;
        return count < fields.Length || extraValues
            ? $"the row has {count} fields where the header has {fields.Length}"
            : null;
    }

    private InvalidFileException UnknownHeader(string detail) =>
        new($"unknown header: {Dataset.Name} in a {_dialect.Name} need the columns {string.Join(", ", _layout.File.RequiredColumns)}; {detail}");

    private bool NamesKeyColumn(string line) =>
        line.Split(B3Csv.Separator).Any(name => name.Trim().Equals(_layout.File.RequiredColumns[0], StringComparison.OrdinalIgnoreCase));

    private static string Quote(string line) => line.Length <= QuotedLineChars ? line : line[..QuotedLineChars] + "…";
}
