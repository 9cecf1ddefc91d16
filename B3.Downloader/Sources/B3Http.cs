using System.Net;
using B3.Core.Resilience;
using B3.Downloader.Validation;
using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;

namespace B3.Downloader.Sources;

/// <summary>
/// HTTP with B3's quirks (b3-data-formats.md §2.2, §2.3): browser-like headers (its WAF answers bare clients with 400),
/// bodies streamed to disk (a yearly COTAHIST is ~100 MB), HTML pages and empty bodies recognised as "no data".
/// Retries of transient statuses come from the ServiceDefaults handler on every IHttpClientFactory client.
/// </summary>
public sealed class B3Http(IHttpClientFactory factory, IOptions<RetrySettings> retry)
{
    public const string ClientName = "b3";

    private const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36";
    private const int BufferSize = 81920;

    /// <summary>A request that looks like B3's own web page asking.</summary>
    public static HttpRequestMessage Request(HttpMethod method, Uri url, Uri site, string accept = "application/json, text/html, */*")
    {
        var request = new HttpRequestMessage(method, url);
        var headers = request.Headers;
        headers.UserAgent.ParseAdd(UserAgent);
        headers.Accept.ParseAdd(accept);
        headers.AcceptLanguage.ParseAdd("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7");
        headers.Referrer = new Uri(site.GetLeftPart(UriPartial.Authority) + "/");
        headers.TryAddWithoutValidation("Origin", site.GetLeftPart(UriPartial.Authority));
        return request;
    }

    /// <summary>Sends and returns a 2xx response with its headers read; anything else is a <see cref="SourceException"/>.</summary>
    /// <param name="noDataStatuses">Statuses that mean "B3 has no such file" rather than a failure (e.g. 400 on requestname).</param>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, params HttpStatusCode[] noDataStatuses)
    {
        var url = request.RequestUri!;
        HttpResponseMessage response;
        try
        {
            response = await factory.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
            && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceException(FailureKind.Failed, url, $"no answer after {retry.Value.MaxAttempts} attempt(s): {e.Message}", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            if (noDataStatuses.Contains(response.StatusCode))
            {
                throw new SourceException(FailureKind.NoData, url, $"{status}: B3 has no file for this request");
            }

            var attempts = TransientFailures.IsTransient(response.StatusCode) ? $" after {retry.Value.MaxAttempts} attempt(s)" : string.Empty;
            throw new SourceException(FailureKind.Failed, url, $"{status}{attempts}");
        }
    }

    /// <summary>Sends, streams the 2xx body to <paramref name="path"/>, then runs <paramref name="validate"/> on the file.</summary>
    public async Task<(long Bytes, DateTimeOffset DownloadedAt)> DownloadAsync(
        HttpRequestMessage request, string path, Func<Task> validate, CancellationToken cancellationToken, params HttpStatusCode[] noDataStatuses)
    {
        using var response = await SendAsync(request, cancellationToken, noDataStatuses);
        var downloadedAt = DateTimeOffset.UtcNow;
        var bytes = await SaveAsync(response, path, cancellationToken);
        await FileRejectedException.CheckAsync(request.RequestUri!, validate);
        return (bytes, downloadedAt);
    }

    /// <summary>
    /// Streams the body to <paramref name="path"/> and returns its size. An empty body or an HTML page is "no data"; a body
    /// that stalls longer than one attempt's timeout, or breaks off, is a transient failure.
    /// </summary>
    public async Task<long> SaveAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        var url = response.RequestMessage!.RequestUri!;
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException(FailureKind.NoData, url, $"HTML page ({mediaType}) instead of a data file");
        }

        long total = 0;
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
        {
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var buffer = new byte[BufferSize];
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                while (true)
                {
                    idle.CancelAfter(retry.Value.AttemptTimeout);
                    var read = await body.ReadAsync(buffer, idle.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    total += read;
                }
            }
            catch (Exception e) when (e is IOException or HttpIOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new SourceException(FailureKind.Failed, url, $"the body broke off after {total} bytes: {e.Message}", e as IOException ?? new IOException(e.Message, e));
            }
        }

        if (total == 0)
        {
            throw new SourceException(FailureKind.NoData, url, "empty body: B3 has no file for this date (outside its retention window?)");
        }

        if (await StartsLikeHtmlAsync(path, cancellationToken))
        {
            throw new SourceException(FailureKind.NoData, url, "HTML page instead of a data file");
        }

        return total;
    }

    /// <summary>True when the first non-blank characters (after a UTF-8 byte-order mark) open an HTML or XML tag.</summary>
    internal static async Task<bool> StartsLikeHtmlAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[512];
        int length;
        await using (var file = File.OpenRead(path))
        {
            length = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }

        var span = head.AsSpan(0, length);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        span = span.TrimStart(" \t\r\n"u8);
        return span.Length > 0 && span[0] == (byte)'<';
    }
}
