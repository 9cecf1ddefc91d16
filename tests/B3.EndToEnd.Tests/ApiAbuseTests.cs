using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using B3.Testing;

namespace B3.EndToEnd.Tests;

/// <summary>
/// Every <c>/api</c> and <c>/ingestion</c> route of the WebhookApi and the Downloader, called without the key, with a
/// wrong one, and with the key and parameters that look like injections: each answer is a 4xx problem+json and nothing
/// is written or fetched. Then the same calls as a flood, while a client of another address makes valid calls whose
/// p99 must stay within 100 ms.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(AloneCollection.Name)]
public sealed class ApiAbuseTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private const int Flood = 3_000;
    private const int ValidCalls = 200;

    private static readonly string[] Injections =
    [
        "' OR '1'='1", "1; DROP TABLE b3.daily_quotes; --", "../../etc/passwd", "%00", "<script>alert(1)</script>", "$(reboot)",
        "ＰＥＴＲ４", new string('9', 4_000), "2024-13-45", "-1", "99999999999999999999",
    ];

    [Fact]
    public async Task AbuseOfEveryApiAndIngestionRouteIsRefusedWithProblemDetailsAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var downloader = ServiceProcess.Start("B3.Downloader", fixture.ServiceEnvironment, new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        await downloader.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90), ct);
        var before = await WrittenAsync(ct);
        var b3RequestsBefore = fixture.B3.Requests.Count;
        var abusive = Catalog(fixture.WebhookApi.Url, downloader.Url).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // Each call once, paced under the API's rate limit, so that every one reaches its route's own checks.
        foreach (var call in abusive)
        {
            using var response = await http.SendAsync(call.Request(), ct);
            await AssertRefusedAsync(call, response, ct);
            await Task.Delay(25, ct);
        }

        // Then as a flood from this address, while valid calls come from another one (a bucket of their own).
        var statuses = new ConcurrentBag<int>();
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var flood = Parallel.ForEachAsync(Enumerable.Range(0, Flood), new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = ct }, async (i, token) =>
        {
            var call = abusive[i % abusive.Count];
            using var response = await http.SendAsync(call.Request(), token);
            await AssertRefusedAsync(call, response, token);
            statuses.Add((int)response.StatusCode);
        });
        using var valid = new HttpClient(FromAddress(IPAddress.Parse("127.0.0.2"))) { BaseAddress = fixture.WebhookApi.Url, Timeout = TimeSpan.FromSeconds(30) };
        var validCalls = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < ValidCalls; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ingestions/daily?days=5") { Headers = { { "X-Api-Key", fixture.ApiKey } } };
                var started = Stopwatch.GetTimestamp();
                using var response = valid.Send(request, ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Thread.Sleep(20);
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(flood, validCalls);

        Assert.Equal(before, await WrittenAsync(ct));
        Assert.Equal(b3RequestsBefore, fixture.B3.Requests.Count);
        var p99 = Latencies.P99(latencies);
        Assert.True(p99 <= 100, $"p99 of valid calls under abuse was {p99:F0} ms.");
        ReliabilityReport.Record("API abuse", $"{abusive.Count} abusive calls once, then {Flood} (24 at a time) + {ValidCalls} valid ones from another address",
            $"every /api and /ingestion route of the WebhookApi and the Downloader: no key, wrong key, injection-looking parameters and bodies",
            $"100% 4xx problem+json ({string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}), nothing written, nothing fetched from B3; valid p99 {p99:F0} ms",
            clock.Elapsed);
    }

    private IEnumerable<AbusiveCall> Catalog(Uri webhookApi, Uri downloader)
    {
        (Uri Service, HttpMethod Method, string Path, string[] Parameters)[] routes =
        [
            (webhookApi, HttpMethod.Get, "/api/quotes/PETR4", ["from", "to", "page", "pageSize"]),
            (webhookApi, HttpMethod.Get, "/api/instruments/PETR4", ["date"]),
            (webhookApi, HttpMethod.Get, "/api/sectors", ["date"]),
            (webhookApi, HttpMethod.Get, "/api/top", ["date", "n"]),
            (webhookApi, HttpMethod.Get, "/api/ingestions", ["status", "dataset", "from", "to", "page", "pageSize"]),
            (webhookApi, HttpMethod.Get, "/api/ingestions/daily", ["to", "days"]),
            (webhookApi, HttpMethod.Post, "/ingestion/reprocess", ["key"]),
            (webhookApi, HttpMethod.Post, "/ingestion/replay-dead", ["dataset", "from", "to"]),
            (downloader, HttpMethod.Post, "/ingestion/run", ["dt", "dataset", "force"]),
            (downloader, HttpMethod.Post, "/ingestion/backfill", ["start", "end", "dataset", "force"]),
            (downloader, HttpMethod.Get, "/ingestion/backfill/00000000000000000000000000000000", []),
        ];

        foreach (var (service, method, path, parameters) in routes)
        {
            yield return new AbusiveCall(method, new Uri(service, path), null, "no key");
            yield return new AbusiveCall(method, new Uri(service, path), "not-" + fixture.ApiKey, "a wrong key");
            foreach (var parameter in parameters)
            {
                foreach (var injection in Injections)
                {
                    yield return new AbusiveCall(method, new Uri(service, $"{path}?{parameter}={Uri.EscapeDataString(injection)}"), fixture.ApiKey, $"{parameter}={Shorten(injection)}");
                }
            }

            if (path.StartsWith("/api/quotes/", StringComparison.Ordinal) || path.StartsWith("/api/instruments/", StringComparison.Ordinal))
            {
                foreach (var injection in Injections)
                {
                    var route = path[..(path.LastIndexOf('/') + 1)] + Uri.EscapeDataString(injection);
                    yield return new AbusiveCall(method, new Uri(service, route), fixture.ApiKey, $"ticker {Shorten(injection)}");
                }
            }
        }
    }

    private static async Task AssertRefusedAsync(AbusiveCall call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{call}: {(int)response.StatusCode} {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{call}: {(int)response.StatusCode} with '{response.Content.Headers.ContentType}' and body '{body}'");
    }

    /// <summary>What the pipeline holds: jobs, events, quotes, quarantine, and the number of its tables.</summary>
    private Task<string> WrittenAsync(CancellationToken cancellationToken) => ScalarAsync(
        """
        SELECT concat_ws(' ', (SELECT count(*) FROM b3.ingestion_jobs), (SELECT count(*) FROM b3.webhook_events),
                              (SELECT count(*) FROM b3.daily_quotes), (SELECT count(*) FROM b3.quarantine),
                              (SELECT count(*) FROM pg_tables WHERE schemaname = 'b3'))
        """, cancellationToken);

    private async Task<string> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A handler whose connections leave from <paramref name="address"/>, a client the rate limiter tells apart.</summary>
    private static SocketsHttpHandler FromAddress(IPAddress address) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static string Shorten(string text) => text.Length <= 24 ? text : $"{text[..12]}…({text.Length} chars)";

    private sealed record AbusiveCall(HttpMethod Method, Uri Url, string? Key, string What)
    {
        public HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(Method, Url);
            if (Key is not null)
            {
                request.Headers.Add("X-Api-Key", Key);
            }

            if (Method == HttpMethod.Post)
            {
                request.Content = new StringContent("{\"key\": \"b3/../../etc/passwd\"}", Encoding.UTF8, "application/json");
            }

            return request;
        }

        public override string ToString() => $"{Method} {Url.PathAndQuery[..Math.Min(120, Url.PathAndQuery.Length)]} ({What})";
    }
}
