namespace B3.Core.Ingestion;

/// <summary>
/// The states of an ingestion job (<c>b3.ingestion_jobs.status</c>), the one place their names are written. A job is
/// enqueued <see cref="Queued"/>; a Processor claims it (<see cref="Processing"/>, under a lease); it ends
/// <see cref="Succeeded"/>, goes back to <see cref="Queued"/> for another attempt, or stops as <see cref="Failed"/>
/// (a permanent error) or <see cref="Dead"/> (attempts used up). An expired lease puts it back in the queue; an
/// operator's replay or reprocess queues a failed or dead job again.
/// </summary>
public static class JobStatus
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Dead = "dead";

    public static IReadOnlyList<string> All { get; } = [Queued, Processing, Succeeded, Failed, Dead];

    /// <summary>A job in this state has a time it is (next) tried at.</summary>
    public static bool AwaitsAnAttempt(string status) => status is Queued or Failed;

    /// <summary>A job that ended in this state is worth an operator's alert.</summary>
    public static bool EndedBadly(string status) => status is Failed or Dead;
}
