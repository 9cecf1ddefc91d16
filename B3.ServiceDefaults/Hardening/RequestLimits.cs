using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace B3.ServiceDefaults.Hardening;

/// <summary>
/// What every service's HTTP side refuses: oversized requests, slow clients, floods. Endpoints opt into a rate-limit
/// policy by name (<see cref="WebhookPolicy"/>, <see cref="ApiPolicy"/>). Every refusal and error is answered as
/// problem+json (RFC 9457), those without a body of their own included (a 404 of an unknown route, a 429).
/// </summary>
public static class RequestLimits
{
    /// <summary>
    /// The webhook is called by Cloudflare from many addresses: a concurrency limit protects the database from a flood
    /// without starving legitimate deliveries that share an address with an attacker.
    /// </summary>
    public const string WebhookPolicy = "webhook";

    /// <summary>Query, status and trigger endpoints: a token bucket per client address.</summary>
    public const string ApiPolicy = "api";

    public static TBuilder AddRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 1_000;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(1);
        });

        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new() { Timeout = TimeSpan.FromSeconds(30) });
        builder.Services.AddProblemDetails();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteTooManyRequestsAsync;
            options.AddConcurrencyLimiter(WebhookPolicy, limiter =>
            {
                limiter.PermitLimit = 64;
                limiter.QueueLimit = 512;
                limiter.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            options.AddPolicy(ApiPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 100,
                    TokensPerPeriod = 50,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        return app;
    }

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Ceiling(Math.Max(1, wait.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too Many Requests", Detail = $"Rate limit reached; try again in {seconds} s." },
        });
    }
}
