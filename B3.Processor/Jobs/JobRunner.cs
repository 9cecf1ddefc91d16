using Microsoft.Extensions.Options;

namespace B3.Processor.Jobs;

/// <summary>
/// <see cref="ProcessorOptions.Concurrency"/> worker loops. Each claims one job at a time; with nothing to do it waits for
/// a notification or the poll interval. Several Processor instances can run: claims skip each other's locked rows.
/// </summary>
public sealed partial class JobRunner(
    JobQueue queue,
    JobProcessor processor,
    JobSignal signal,
    IOptions<ProcessorOptions> options,
    ILogger<JobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        // Replicas started together would otherwise poll in lockstep.
        await Task.Delay(Random.Shared.Next(0, 250), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await queue.ClaimAsync(1, stoppingToken);
                if (claimed.Count == 0)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }

                await processor.ProcessAsync(claimed[0], stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A worker loop never dies: whatever went wrong, the job's lease makes it come back.
                LogClaimFailed(e);
                await Task.Delay(ErrorDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming or running a job failed; trying again")]
    private partial void LogClaimFailed(Exception exception);
}
