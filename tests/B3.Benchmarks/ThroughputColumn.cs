using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace B3.Benchmarks;

/// <summary>Summary columns computed from a benchmark's <see cref="MeasuresAttribute"/> input: MB/s of text, time and bytes allocated per record.</summary>
public sealed class ThroughputColumn : IColumn
{
    private readonly Func<ParserInput, BenchmarkReport, BenchmarkCase, double?> _value;
    private readonly string _format;

    private ThroughputColumn(string name, string legend, string format, Func<ParserInput, BenchmarkReport, BenchmarkCase, double?> value)
    {
        ColumnName = name;
        Legend = legend;
        _format = format;
        _value = value;
    }

    public static IColumn[] All { get; } =
    [
        new ThroughputColumn("MB/s", "Megabytes (10^6) of uncompressed text parsed per second", "N0",
            (input, report, _) => input.TextBytes / (report.ResultStatistics!.Mean / 1e9) / 1e6),
        new ThroughputColumn("Records", "Rows the parser yields from the input", "N0", (input, _, _) => input.Records),
        new ThroughputColumn("ns/record", "Mean time per row", "N1", (input, report, _) => report.ResultStatistics!.Mean / input.Records),
        new ThroughputColumn("B/record", "Bytes allocated per row (MemoryDiagnoser)", "N2",
            (input, report, benchmark) => report.GcStats.GetBytesAllocatedPerOperation(benchmark) is { } bytes ? bytes / (double)input.Records : null),
    ];

    public string Id => nameof(ThroughputColumn) + ColumnName;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var input = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<MeasuresAttribute>()?.Input;
        var report = summary[benchmarkCase];
        return input is null || report?.ResultStatistics is null || input.Records == 0
            ? "-"
            : _value(input, report, benchmarkCase)?.ToString(_format, CultureInfo.InvariantCulture) ?? "-";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
