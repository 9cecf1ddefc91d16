namespace B3.Processor.Parsing;

/// <summary>
/// Where a parser puts rows: a valid row whole, all its values in the order of <see cref="IFileParser.Columns"/>, in one
/// call (a call per value measured a sixth of the COTAHIST parse); an invalid row only as a reject, nothing of it written.
/// </summary>
public interface IRowTarget
{
    void WriteRow(RowValues row);

    /// <summary>Sends a row to quarantine: its 1-based line (or record) number, the raw text, and why.</summary>
    void Reject(long lineNumber, string rawLine, string reason);
}
