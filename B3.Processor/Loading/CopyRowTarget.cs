using B3.Processor.Parsing;
using Npgsql;
using NpgsqlTypes;

namespace B3.Processor.Loading;

/// <summary>Writes parsed rows into a binary COPY, each prefixed with the object key and ETag it came from.</summary>
internal sealed class CopyRowTarget(NpgsqlBinaryImporter importer, string objectKey, string etag) : IRowTarget
{
    public List<RejectedRow> Rejected { get; } = [];

    public void StartRow()
    {
        importer.StartRow();
        importer.Write(objectKey, NpgsqlDbType.Text);
        importer.Write(etag, NpgsqlDbType.Text);
    }

    public void Write<T>(T value, NpgsqlDbType type) => importer.Write(value, type);

    public void WriteNull() => importer.WriteNull();

    public void Reject(long lineNumber, string rawLine, string reason) => Rejected.Add(new RejectedRow(lineNumber, rawLine, reason));
}

/// <summary>A row that goes to <c>b3.quarantine</c>.</summary>
public sealed record RejectedRow(long LineNumber, string RawLine, string Reason);
