using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace B3.Core.Alerts;

/// <summary>
/// Posts short operator alerts to <c>ALERT_WEBHOOK_URL</c> (Slack- and Discord-compatible JSON), at most once per cause
/// per hour across every instance and restart: the row of the cause in <c>b3.alerts</c> decides who sends. Never throws
/// for a delivery or database problem: an alert must not break the work it reports on.
/// </summary>
public sealed partial class AlertNotifier
{
    public const string HttpClientName = "b3-alerts";

    /// <summary>Discord refuses content over 2000 characters.</summary>
    private const int MaxLength = 1900;

    /// <summary>An alert that cannot be delivered within a minute, retries included, is not worth holding a job loop for.</summary>
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly IHttpClientFactory _httpClients;
    private readonly AlertSettings _settings;
    private readonly ILogger<AlertNotifier> _logger;
    private readonly string _source;

    public AlertNotifier(
        NpgsqlDataSource dataSource,
        IHttpClientFactory httpClients,
        AlertSettings settings,
        IHostEnvironment environment,
        ILogger<AlertNotifier> logger)
    {
        _dataSource = dataSource;
        _httpClients = httpClients;
        _settings = settings;
        _logger = logger;
        _source = environment.ApplicationName;
    }

    public async Task<AlertOutcome> NotifyAsync(Alert alert, CancellationToken cancellationToken)
    {
        var text = $"[{_source}] {alert.Text}";
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength] + "…";
        }

        if (_settings.WebhookUrl is not { } url)
        {
            LogOnly(alert.Cause, text, AlertSettings.UrlVariable);
            return AlertOutcome.LoggedOnly;
        }

        try
        {
            if (!await ClaimAsync(alert.Cause, text, cancellationToken))
            {
                LogSuppressed(alert.Cause);
                return AlertOutcome.Suppressed;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Without the table nobody can deduplicate; logging is the one thing left.
            LogFailed(e, alert.Cause, text);
            return AlertOutcome.Failed;
        }

        try
        {
            await PostAsync(url, text, cancellationToken);
            LogSent(alert.Cause, text);
            return AlertOutcome.Sent;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(e, alert.Cause, text);
            await ReleaseAsync(alert.Cause);
            return AlertOutcome.Failed;
        }
    }

    /// <summary>True when this call may send: the cause is new, or its last sending is older than the repeat interval.</summary>
    private async Task<bool> ClaimAsync(string cause, string text, CancellationToken cancellationToken)
    {
        await using var claim = _dataSource.CreateCommand(
            """
            INSERT INTO b3.alerts AS a (cause, last_sent_at, last_text)
            VALUES ($1, now(), $2)
            ON CONFLICT (cause) DO UPDATE
            SET last_sent_at = now(), last_text = excluded.last_text, sent_count = a.sent_count + 1
            WHERE a.last_sent_at < now() - $3
            RETURNING cause
            """);
        claim.Parameters.Add(new() { Value = cause });
        claim.Parameters.Add(new() { Value = text });
        claim.Parameters.Add(new() { Value = _settings.RepeatInterval });
        if (await claim.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return true;
        }

        await using var count = _dataSource.CreateCommand("UPDATE b3.alerts SET suppressed_count = suppressed_count + 1 WHERE cause = $1");
        count.Parameters.Add(new() { Value = cause });
        await count.ExecuteNonQueryAsync(cancellationToken);
        return false;
    }

    /// <summary>A delivery that failed must not silence the cause for an hour.</summary>
    private async Task ReleaseAsync(string cause)
    {
        try
        {
            await using var release = _dataSource.CreateCommand(
                "UPDATE b3.alerts SET last_sent_at = '-infinity', sent_count = sent_count - 1 WHERE cause = $1");
            release.Parameters.Add(new() { Value = cause });
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogReleaseFailed(e, cause);
        }
    }

    private async Task PostAsync(Uri url, string text, CancellationToken cancellationToken)
    {
        var http = _httpClients.CreateClient(HttpClientName);
        var message = new AlertMessage(text, text);
        // The client's standard resilience handler (ServiceDefaults) retries transient answers.
        using var response = await http.PostAsJsonAsync(url, message, AlertJsonContext.Default.AlertMessage, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{AlertSettings.UrlVariable} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Cause} sent: {Text}")]
    private partial void LogSent(string cause, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Cause} (only logged: {Variable} is not set): {Text}")]
    private partial void LogOnly(string cause, string text, string variable);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {Cause} not sent again: it was sent less than the repeat interval ago")]
    private partial void LogSuppressed(string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {Cause} could not be sent: {Text}")]
    private partial void LogFailed(Exception exception, string cause, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Cause} could not be released after a failed delivery; it stays silent until the hour is over")]
    private partial void LogReleaseFailed(Exception exception, string cause);
}
