namespace B3.Processor.Jobs;

/// <summary>Another worker took the job over (our lease expired): our work must not be committed.</summary>
public sealed class LeaseLostException(long jobId)
    : Exception($"The lease on job {jobId} was lost to another worker; its work was rolled back.");
