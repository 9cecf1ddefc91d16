using NpgsqlTypes;

namespace B3.Processor.Parsing;

/// <summary>
/// Where a parser puts rows. For a valid row: <see cref="StartRow"/>, then exactly one <c>Write</c> or
/// <see cref="WriteNull"/> per column of <see cref="IFileParser.Columns"/>, in order. For an invalid row: only
/// <see cref="Reject"/>, and nothing of it is written.
/// </summary>
public interface IRowTarget
{
    void StartRow();

    void Write<T>(T value, NpgsqlDbType type);

    void WriteNull();

    /// <summary>Sends a row to quarantine: its 1-based line (or record) number, the raw text, and why.</summary>
    void Reject(long lineNumber, string rawLine, string reason);
}
