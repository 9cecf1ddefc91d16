using Polly;
using Polly.Retry;

namespace B3.ServiceDefaults.Resilience;

/// <summary>How every call to B3, storage, the webhook or the database is retried (DESIGN.md §8).</summary>
public sealed class RetrySettings
{
    public const string SectionName = "Resilience";

    /// <summary>Attempts in all, the first one included; at least two (Polly's retry strategy retries at least once).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; it doubles with each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time one attempt may take before it counts as a transient failure.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sets the retries of an HTTP or operation pipeline: how many, exponential backoff with jitter.</summary>
    public void ApplyTo<T>(RetryStrategyOptions<T> retry)
    {
        retry.MaxRetryAttempts = Math.Max(1, MaxAttempts - 1);
        retry.BackoffType = DelayBackoffType.Exponential;
        retry.UseJitter = true;
        retry.Delay = BaseDelay;
        retry.MaxDelay = MaxDelay;
    }
}
