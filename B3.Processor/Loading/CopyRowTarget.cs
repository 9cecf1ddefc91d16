using B3.Core.Datasets;
using B3.Processor.Parsing;
using Npgsql;
using NpgsqlTypes;

namespace B3.Processor.Loading;

/// <summary>
/// Writes parsed rows into a binary COPY, each prefixed with the object key and ETag it came from. A row dated outside
/// the key's dates means the file is not the one its key names: it fails the whole file.
/// </summary>
internal sealed class CopyRowTarget(NpgsqlBinaryImporter importer, ObjectKey key, string etag, int dateColumn) : IRowTarget
{
    private int _column;

    public List<RejectedRow> Rejected { get; } = [];

    public void StartRow()
    {
        importer.StartRow();
        importer.Write(key.Key, NpgsqlDbType.Text);
        importer.Write(etag, NpgsqlDbType.Text);
        _column = 0;
    }

    public void Write<T>(T value, NpgsqlDbType type)
    {
        if (_column++ == dateColumn && value is DateOnly date && (date < key.From || date > key.To))
        {
            throw new InvalidFileException($"The file holds rows dated {date:yyyy-MM-dd}, which is not the date of {key.Key}.");
        }

        importer.Write(value, type);
    }

    public void WriteNull()
    {
        _column++;
        importer.WriteNull();
    }

    public void Reject(long lineNumber, string rawLine, string reason) => Rejected.Add(new RejectedRow(lineNumber, rawLine, reason));
}

/// <summary>A row that goes to <c>b3.quarantine</c>.</summary>
public sealed record RejectedRow(long LineNumber, string RawLine, string Reason);
