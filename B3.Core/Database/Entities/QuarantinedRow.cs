namespace B3.Core.Database.Entities;

/// <summary>A row a parser rejected, with what a person needs to fix or replay it (<c>b3.quarantine</c>).</summary>
public sealed class QuarantinedRow
{
    public long Id { get; set; }

    public required string ObjectKey { get; set; }

    public required string ETag { get; set; }

    /// <summary>1-based line (COTAHIST record, JSON row) in the file.</summary>
    public long LineNumber { get; set; }

    public required string RawLine { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
