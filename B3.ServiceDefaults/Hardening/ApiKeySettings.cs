using System.Text;
using B3.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;

namespace B3.ServiceDefaults.Hardening;

/// <summary>The key of the query, status and trigger endpoints (<c>API_KEY</c>; a service that serves them requires it).</summary>
public sealed class ApiKeySettings
{
    public const string Variable = "API_KEY";
    public const string HeaderName = "X-Api-Key";

    public required byte[] Key { get; init; }

    public static ApiKeySettings FromConfiguration(IConfiguration configuration) =>
        new() { Key = Encoding.UTF8.GetBytes(configuration.GetRequiredValue(Variable)) };
}
