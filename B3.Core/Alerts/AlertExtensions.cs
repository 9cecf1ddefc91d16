using B3.ServiceDefaults.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace B3.Core.Alerts;

public static class AlertExtensions
{
    /// <summary>
    /// Registers <see cref="AlertNotifier"/> (needs the database of <c>AddB3Database</c>). <c>ALERT_WEBHOOK_URL</c> is
    /// optional; a malformed one stops the start.
    /// </summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAlerts();
        return builder;
    }

    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        if (services.Any(service => service.ServiceType == typeof(AlertNotifier)))
        {
            return services;
        }

        services.AddSettings(AlertSettings.FromConfiguration);
        services.AddHttpClient(AlertNotifier.HttpClientName, http => http.Timeout = AlertNotifier.DeliveryTimeout);
        services.AddSingleton<AlertNotifier>();
        return services;
    }
}
