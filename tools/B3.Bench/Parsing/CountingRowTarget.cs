using B3.Processor.Parsing;

namespace B3.Bench.Parsing;

/// <summary>A row target that only counts, so a benchmark measures the parser and not where its rows go.</summary>
public sealed class CountingRowTarget : IRowTarget
{
    public long Rows { get; private set; }

    public long Values { get; private set; }

    public long Rejects { get; private set; }

    public void WriteRow(RowValues row)
    {
        Rows++;
        Values += row.Count;
    }

    public void Reject(long lineNumber, string rawLine, string reason) => Rejects++;
}
