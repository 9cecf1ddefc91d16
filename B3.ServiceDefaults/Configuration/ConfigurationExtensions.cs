using Microsoft.Extensions.Configuration;

namespace B3.ServiceDefaults.Configuration;

public static class ConfigurationExtensions
{
    /// <summary>The value of a required setting, or an exception that names the environment variable to set.</summary>
    public static string GetRequiredValue(this IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MissingConfigurationException(key);
        }

        return value;
    }
}

public sealed class MissingConfigurationException(string key)
    : InvalidOperationException($"Required configuration '{key}' is missing: set the environment variable {key.Replace(":", "__", StringComparison.Ordinal)} (see .env.example).")
{
    public string Key { get; } = key;
}
