using System.Diagnostics;
using OpenTelemetry;

namespace B3.ServiceDefaults.Telemetry;

/// <summary>Keeps health probes out of traces: exporters skip spans that are not recorded.</summary>
internal sealed class HealthProbeSpanFilter(params string[] probePaths) : BaseProcessor<Activity>
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    public override void OnEnd(Activity activity)
    {
        if (activity.Source.Name == AspNetCoreSource
            && activity.GetTagItem("url.path") is string path
            && probePaths.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
