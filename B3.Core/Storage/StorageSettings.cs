using B3.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;

namespace B3.Core.Storage;

/// <summary>
/// Where objects live. <c>ENVIRONMENT</c> picks the variables: <c>R2_*</c> in production, <c>LOCAL_R2_*</c>
/// (MinIO or any S3 server) in development (DESIGN.md §4).
/// </summary>
public sealed record StorageSettings(Uri Endpoint, string AccessKey, string SecretKey, string BucketName, string Region)
{
    public const string DefaultBucketName = "financial-data";
    public const string Development = "development";
    public const string Production = "production";

    /// <summary>R2's only region; MinIO and the S3 stand-ins expect the S3 default.</summary>
    private const string R2Region = "auto";
    private const string LocalRegion = "us-east-1";

    public bool IsHttps => Endpoint.Scheme == Uri.UriSchemeHttps;

    public static StorageSettings FromConfiguration(IConfiguration configuration)
    {
        var environment = configuration["ENVIRONMENT"] is { Length: > 0 } value ? value.Trim().ToLowerInvariant() : Development;
        return environment switch
        {
            Production => new StorageSettings(
                R2Endpoint(configuration),
                configuration.GetRequiredValue("R2_ACCESS_KEY_ID"),
                configuration.GetRequiredValue("R2_SECRET_ACCESS_KEY"),
                configuration["R2_BUCKET_NAME"] is { Length: > 0 } bucket ? bucket : DefaultBucketName,
                R2Region),
            Development => new StorageSettings(
                ParseEndpoint(configuration.GetRequiredValue("LOCAL_R2_ENDPOINT"), "LOCAL_R2_ENDPOINT"),
                configuration.GetRequiredValue("LOCAL_R2_ACCESS_KEY"),
                configuration.GetRequiredValue("LOCAL_R2_SECRET_KEY"),
                configuration["LOCAL_R2_BUCKET_NAME"] is { Length: > 0 } bucket ? bucket : DefaultBucketName,
                LocalRegion),
            _ => throw new InvalidOperationException($"ENVIRONMENT is '{environment}'; expected '{Development}' or '{Production}'."),
        };
    }

    /// <summary>Never prints the keys.</summary>
    public override string ToString() => $"{Endpoint} bucket {BucketName}";

    private static Uri R2Endpoint(IConfiguration configuration)
    {
        if (configuration["R2_ENDPOINT"] is { Length: > 0 } endpoint)
        {
            var uri = ParseEndpoint(endpoint, "R2_ENDPOINT");
            return uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : throw new InvalidOperationException($"R2_ENDPOINT must be https in production (keys and files would cross the network in clear), not '{endpoint}'.");
        }

        if (configuration["R2_ACCOUNT_ID"] is { Length: > 0 } accountId)
        {
            return new Uri($"https://{accountId}.r2.cloudflarestorage.com");
        }

        throw new MissingConfigurationException("R2_ENDPOINT");
    }

    private static Uri ParseEndpoint(string value, string variable) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"{variable} must be an http or https URL, not '{value}'.");
}
