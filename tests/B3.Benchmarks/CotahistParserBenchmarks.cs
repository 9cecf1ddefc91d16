using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using B3.Processor.Parsing.Cotahist;

namespace B3.Benchmarks;

/// <summary>
/// COTAHIST, one thread: the bare text against one pass over its bytes (the floor of any parser), and the ZIP as B3
/// ships it against inflating it alone.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CotahistParserBenchmarks
{
    private readonly CotahistParser _parser = new();

    [GlobalSetup]
    public void Setup() => _ = (ParserInputs.Cotahist, ParserInputs.CotahistZip);

    [Benchmark(Baseline = true), BenchmarkCategory("text"), Measures(nameof(ParserInputs.Cotahist))]
    public int ScanText() => ParserInputs.Cotahist.Content.AsSpan().Count((byte)'\n');

    [Benchmark, BenchmarkCategory("text"), Measures(nameof(ParserInputs.Cotahist))]
    public long ParseText() => ParserInputs.Cotahist.Parse(_parser).Rows;

    [Benchmark(Baseline = true), BenchmarkCategory("zip"), Measures(nameof(ParserInputs.CotahistZip))]
    public long InflateZip()
    {
        using var zip = new ZipArchive(new MemoryStream(ParserInputs.CotahistZip.Content, writable: false), ZipArchiveMode.Read);
        using var member = zip.Entries[0].Open();
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = member.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    [Benchmark, BenchmarkCategory("zip"), Measures(nameof(ParserInputs.CotahistZip))]
    public long ParseZip() => ParserInputs.CotahistZip.Parse(_parser).Rows;
}
