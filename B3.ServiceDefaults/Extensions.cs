using B3.ServiceDefaults.Configuration;
using B3.ServiceDefaults.Hardening;
using B3.ServiceDefaults.Resilience;
using B3.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire's service defaults (telemetry, health checks, HTTP resilience, .env in development),
/// built from the packages this repository's feed has: OpenTelemetry + OTLP exporter and Polly.Core.
/// </summary>
public static class Extensions
{
    /// <summary>Every ActivitySource and Meter of this repository is named <c>B3.*</c>.</summary>
    public const string TelemetryPrefix = "B3.*";

    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBasicServiceDefaults();

        builder.Services.AddTransient<ResilientHttpHandler>();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<ResilientHttpHandler>());

        return builder;
    }

    /// <summary>Everything but the HttpClient resilience handler.</summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddDotEnvInDevelopment();
        builder.Services.AddOptions<RetrySettings>().BindConfiguration(RetrySettings.SectionName);
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddRequestLimits();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        var telemetry = new OpenTelemetryServicesBuilder(builder.Services)
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(
                TelemetryPrefix,
                "Microsoft.AspNetCore.Hosting",
                "Microsoft.AspNetCore.Server.Kestrel",
                "Microsoft.AspNetCore.Routing",
                "Microsoft.AspNetCore.Diagnostics",
                "System.Net.Http",
                "System.Net.NameResolution",
                "System.Runtime",
                "Npgsql"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, TelemetryPrefix, "Microsoft.AspNetCore", "System.Net.Http", "Npgsql")
                .AddProcessor(new HealthProbeSpanFilter(HealthEndpointPath, AlivenessEndpointPath)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHostedService<TelemetryProvidersStarter>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check (readiness, e.g. the database is reachable); <c>/alive</c>: the process answers.
    /// Mapped in every environment because containers and the AppHost probe them. Also turns on the request limits
    /// (timeouts, rate-limit policies) that endpoints opt into.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseRequestLimits();
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }
}
