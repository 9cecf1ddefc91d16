using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace B3.ServiceDefaults.Hardening;

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
