using B3.Bench.Parsing;
using B3.Core.Datasets;
using B3.Processor.Parsing;

namespace B3.Benchmarks;

/// <summary>One file held in memory for a parser benchmark: its bytes, how many bytes of text they stand for, and its rows.</summary>
public sealed class ParserInput(string key, byte[] content, long textBytes)
{
    private static readonly ObjectKeys Keys = new();

    public byte[] Content => content;

    /// <summary>The uncompressed size: what MB/s is measured against (a ZIP's member, a CSV's own bytes).</summary>
    public long TextBytes => textBytes;

    public ParseContext Context { get; } = new(Keys.TryParse(key, out var parsed) ? parsed : throw new ArgumentException($"{key} is not an object key.", nameof(key)));

    /// <summary>Rows the parser yields (counted once, outside the measurement).</summary>
    public long Records { get; private set; }

    public CountingRowTarget Parse(IFileParser parser)
    {
        var target = new CountingRowTarget();
        parser.Parse(new MemoryStream(content, writable: false), Context, target, CancellationToken.None);
        return target;
    }

    /// <summary>Parses once to count the rows, and fails when any row is rejected: a benchmark of rejects measures the wrong path.</summary>
    public ParserInput Counted(IFileParser parser)
    {
        var target = Parse(parser);
        if (target.Rejects > 0)
        {
            throw new InvalidOperationException($"{parser.GetType().Name} rejected {target.Rejects} rows of the benchmark input.");
        }

        Records = target.Rows;
        return this;
    }
}
