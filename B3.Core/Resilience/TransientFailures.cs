using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Npgsql;
using Polly.Timeout;

namespace B3.Core.Resilience;

/// <summary>What is worth another attempt, for every call this repository retries: storage, database and HTTP.</summary>
public static class TransientFailures
{
    /// <summary>The server's trouble or a request it asked us to make later: 5xx, 408, 429.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException => true,
        NpgsqlException { IsTransient: true } => true,
        AmazonServiceException { ErrorCode: "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" } => true,
        AmazonServiceException service when IsTransient(service.StatusCode) => true,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
