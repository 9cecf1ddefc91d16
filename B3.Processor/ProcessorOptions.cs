namespace B3.Processor;

/// <summary>Tuning of the Processor, bound from the <c>Processor</c> section (e.g. <c>Processor__Concurrency</c>).</summary>
public sealed class ProcessorOptions
{
    public const string SectionName = "Processor";

    /// <summary>Jobs processed at once by this instance.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>How long a claimed job stays ours without a heartbeat; a crashed worker's jobs return after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Polling fallback when no notification arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the reconciler lists the bucket for objects that never got a job; zero turns it off.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before the first retry of a failed attempt; it doubles per attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A stable name for this instance in <c>lease_owner</c>.</summary>
    public string WorkerName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
