using B3.Core.Ingestion;
using Npgsql;

namespace B3.Processor.Jobs;

/// <summary>
/// Holds one connection that LISTENs for new jobs and pulses <see cref="JobSignal"/>. It reconnects after errors;
/// the workers poll as well, so a lost notification only delays a job.
/// </summary>
public sealed partial class JobNotificationListener(NpgsqlDataSource dataSource, JobSignal signal, ILogger<JobNotificationListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN {JobLifecycle.NotificationChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything enqueued while we were not listening is picked up now.
                signal.Pulse();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                LogListenFailed(e);
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for new jobs failed; reconnecting")]
    private partial void LogListenFailed(Exception exception);
}
