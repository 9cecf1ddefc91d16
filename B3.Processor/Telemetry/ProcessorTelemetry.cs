using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace B3.Processor.Telemetry;

/// <summary>The Processor's spans and metrics (exported by ServiceDefaults: every <c>B3.*</c> source and meter).</summary>
public sealed class ProcessorTelemetry : IDisposable
{
    public const string Name = "B3.Processor";

    private readonly Meter _meter;
    private readonly Counter<long> _files;
    private readonly Counter<long> _rowsLoaded;
    private readonly Counter<long> _rowsQuarantined;
    private readonly Histogram<double> _processing;
    private readonly Histogram<double> _endToEnd;

    public ProcessorTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _files = _meter.CreateCounter<long>("b3.processor.files", "{file}", "Files processed, by outcome");
        _rowsLoaded = _meter.CreateCounter<long>("b3.processor.rows_loaded", "{row}", "Rows loaded into PostgreSQL");
        _rowsQuarantined = _meter.CreateCounter<long>("b3.processor.rows_quarantined", "{row}", "Rows sent to b3.quarantine");
        _processing = _meter.CreateHistogram<double>("b3.processor.processing.duration", "s", "Time to process one file");
        _endToEnd = _meter.CreateHistogram<double>("b3.processor.end_to_end.duration", "s", "Object stored to rows committed");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public void Processed(string dataset, string outcome, TimeSpan duration, long rows = 0, long quarantined = 0, TimeSpan? endToEnd = null)
    {
        var tags = new TagList { { "dataset", dataset }, { "outcome", outcome } };
        _files.Add(1, tags);
        _processing.Record(duration.TotalSeconds, tags);
        _rowsLoaded.Add(rows, new KeyValuePair<string, object?>("dataset", dataset));
        _rowsQuarantined.Add(quarantined, new KeyValuePair<string, object?>("dataset", dataset));
        if (endToEnd is { } latency)
        {
            _endToEnd.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("dataset", dataset));
        }
    }

    public void Dispose() => _meter.Dispose();
}
