using System.Security.Cryptography;
using System.Text;
using B3.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace B3.Core.Security;

/// <summary>The key of the query, status and trigger endpoints (<c>API_KEY</c>; a service that serves them requires it).</summary>
public sealed class ApiKeySettings
{
    public const string Variable = "API_KEY";
    public const string HeaderName = "X-Api-Key";

    public required byte[] Key { get; init; }

    public static ApiKeySettings FromConfiguration(IConfiguration configuration) =>
        new() { Key = Encoding.UTF8.GetBytes(configuration.GetRequiredValue(Variable)) };
}

/// <summary>Lets a request through only with the right <c>X-Api-Key</c>, compared in constant time.</summary>
public sealed class ApiKeyFilter(ApiKeySettings settings) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[ApiKeySettings.HeaderName].ToString();
        var expected = settings.Key;
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected)
            ? await next(context)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"A valid {ApiKeySettings.HeaderName} header is required.");
    }
}

public static class ApiKeyExtensions
{
    /// <summary>Requires <c>API_KEY</c> at start and registers <see cref="ApiKeyFilter"/> for <c>AddEndpointFilter&lt;ApiKeyFilter&gt;()</c>.</summary>
    public static IHostApplicationBuilder AddApiKey(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings(ApiKeySettings.FromConfiguration);
        builder.Services.AddSingleton<ApiKeyFilter>();
        return builder;
    }
}
