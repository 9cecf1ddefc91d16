using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace B3.ServiceDefaults.Telemetry;

/// <summary>
/// Stands in for <c>services.AddOpenTelemetry()</c> from OpenTelemetry.Extensions.Hosting, which the feed lacks:
/// the WithTracing/WithMetrics/UseOtlpExporter extensions only need the service collection.
/// </summary>
internal sealed class OpenTelemetryServicesBuilder(IServiceCollection services) : IOpenTelemetryBuilder
{
    public IServiceCollection Services { get; } = services;
}
