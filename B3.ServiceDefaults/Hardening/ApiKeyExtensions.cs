using B3.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace B3.ServiceDefaults.Hardening;

/// <summary>Marks an endpoint as requiring <c>X-Api-Key</c>, so that an OpenAPI document can say so.</summary>
public sealed class ApiKeyRequired
{
    public static ApiKeyRequired Instance { get; } = new();
}

/// <summary>The one way a service guards its endpoints with <c>API_KEY</c>.</summary>
public static class ApiKeyExtensions
{
    /// <summary>Requires <c>API_KEY</c> at start and registers <see cref="ApiKeyFilter"/>.</summary>
    public static IHostApplicationBuilder AddApiKey(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings(ApiKeySettings.FromConfiguration);
        builder.Services.AddSingleton<ApiKeyFilter>();
        return builder;
    }

    /// <summary>
    /// Lets requests through only with the right <c>X-Api-Key</c> (401 problem+json otherwise), under the API's rate
    /// limit, and marks the endpoints with <see cref="ApiKeyRequired"/>.
    /// </summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<ApiKeyFilter>()
            .RequireRateLimiting(RequestLimits.ApiPolicy)
            .WithMetadata(ApiKeyRequired.Instance)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }
}
