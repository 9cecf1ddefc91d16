using B3.Core.Datasets;

namespace B3.Processor.Parsing;

/// <summary>
/// Reads one dataset's file format, streaming, and hands every row to an <see cref="IRowTarget"/>: valid rows as
/// column values in <see cref="Columns"/> order, invalid ones as rejects for <c>b3.quarantine</c>. A problem with
/// the file as a whole (unknown header, trailer mismatch, bad ZIP, empty file) throws <see cref="InvalidFileException"/>.
/// </summary>
public interface IFileParser
{
    Dataset Dataset { get; }

    /// <summary>The table the rows go to, e.g. <c>b3.daily_quotes</c>.</summary>
    string Table { get; }

    /// <summary>The date column that a file's rows replace (<c>trade_date</c>, <c>report_date</c>).</summary>
    string DateColumn { get; }

    /// <summary>The columns each row writes, in order; the loader adds <c>object_key</c> and <c>etag</c> itself.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Whether this parser reads the file that starts with these bytes (a header or magic number).</summary>
    bool Recognizes(ReadOnlySpan<byte> head);

    /// <summary>Parses the whole file. <paramref name="content"/> is seekable for ZIP datasets, forward-only otherwise.</summary>
    void Parse(Stream content, ParseContext context, IRowTarget target, CancellationToken cancellationToken);
}

/// <summary>What the parser knows of the file besides its bytes.</summary>
public sealed record ParseContext(ObjectKey Key);
