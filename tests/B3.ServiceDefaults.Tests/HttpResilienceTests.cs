using B3.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace B3.ServiceDefaults.Tests;

public sealed class HttpResilienceTests
{
    [Fact]
    public async Task RetriesTransientAnswersUntilOneSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = 0;
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            var call = Interlocked.Increment(ref calls);
            context.Response.StatusCode = call < 3 ? 503 : 200;
            await context.Response.WriteAsync($"call {call}");
        });
        using var http = CreateClient();

        var body = await http.GetStringAsync(server.Url, ct);

        Assert.Equal("call 3", body);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task GivesUpAfterThreeAttemptsAndDoesNotRetryClientErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = new Dictionary<string, int>();
        await using var server = await LoopbackHttpServer.StartAsync(context =>
        {
            lock (calls)
            {
                calls[context.Request.Path] = calls.GetValueOrDefault(context.Request.Path) + 1;
            }

            context.Response.StatusCode = context.Request.Path == "/down" ? 503 : 404;
            return Task.CompletedTask;
        });
        using var http = CreateClient();

        using var down = await http.GetAsync(new Uri(server.Url, "/down"), ct);
        using var missing = await http.GetAsync(new Uri(server.Url, "/missing"), ct);

        Assert.Equal((503, 3), ((int)down.StatusCode, calls["/down"]));
        Assert.Equal((404, 1), ((int)missing.StatusCode, calls["/missing"]));
    }

    [Fact]
    public async Task WaitsAsLongAsRetryAfterAsks()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = new List<DateTimeOffset>();
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            int call;
            lock (calls)
            {
                calls.Add(DateTimeOffset.UtcNow);
                call = calls.Count;
            }

            if (call == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "2";
            }

            await context.Response.WriteAsync($"call {call}");
        });
        using var http = CreateClient();

        var body = await http.GetStringAsync(server.Url, ct);

        // The configured first delay is 20 ms; the server asked for two seconds.
        Assert.Equal("call 2", body);
        Assert.True(calls[1] - calls[0] >= TimeSpan.FromSeconds(1.9), $"Retried after {(calls[1] - calls[0]).TotalMilliseconds} ms.");
    }

    private static HttpClient CreateClient()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Resilience:BaseDelay"] = "00:00:00.020" });
        builder.AddServiceDefaults();
        var services = builder.Build().Services;
        return services.GetRequiredService<IHttpClientFactory>().CreateClient();
    }
}
