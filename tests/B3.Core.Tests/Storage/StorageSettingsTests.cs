using B3.Core.Storage;
using B3.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;

namespace B3.Core.Tests.Storage;

public sealed class StorageSettingsTests
{
    [Fact]
    public void DevelopmentReadsTheLocalVariables()
    {
        var settings = StorageSettings.FromConfiguration(Configuration(new()
        {
            ["ENVIRONMENT"] = "development",
            ["LOCAL_R2_ENDPOINT"] = "http://localhost:9000",
            ["LOCAL_R2_ACCESS_KEY"] = "minioadmin",
            ["LOCAL_R2_SECRET_KEY"] = "local-secret",
            ["R2_ENDPOINT"] = "https://ignored.example",
        }));

        Assert.Equal(new Uri("http://localhost:9000"), settings.Endpoint);
        Assert.Equal(("minioadmin", "local-secret", "financial-data", "us-east-1"), (settings.AccessKey, settings.SecretKey, settings.BucketName, settings.Region));
        Assert.False(settings.IsHttps);
    }

    [Fact]
    public void ProductionReadsR2AndBuildsTheEndpointFromTheAccountId()
    {
        var settings = StorageSettings.FromConfiguration(Configuration(new()
        {
            ["ENVIRONMENT"] = "Production",
            ["R2_ACCOUNT_ID"] = "abc123",
            ["R2_ACCESS_KEY_ID"] = "key",
            ["R2_SECRET_ACCESS_KEY"] = "r2-secret",
            ["R2_BUCKET_NAME"] = "market-data",
        }));

        Assert.Equal(new Uri("https://abc123.r2.cloudflarestorage.com"), settings.Endpoint);
        Assert.Equal(("market-data", "auto"), (settings.BucketName, settings.Region));
        Assert.True(settings.IsHttps);
        Assert.DoesNotContain("r2-secret", settings.ToString());
    }

    [Theory]
    [InlineData("development", "LOCAL_R2_SECRET_KEY")]
    [InlineData("production", "R2_SECRET_ACCESS_KEY")]
    public void AMissingVariableIsNamed(string environment, string missing)
    {
        var values = new Dictionary<string, string?>
        {
            ["ENVIRONMENT"] = environment,
            ["LOCAL_R2_ENDPOINT"] = "http://localhost:9000",
            ["LOCAL_R2_ACCESS_KEY"] = "a",
            ["LOCAL_R2_SECRET_KEY"] = "b",
            ["R2_ENDPOINT"] = "https://x.r2.cloudflarestorage.com",
            ["R2_ACCESS_KEY_ID"] = "c",
            ["R2_SECRET_ACCESS_KEY"] = "d",
        };
        values.Remove(missing);

        var failure = Assert.Throws<MissingConfigurationException>(() => StorageSettings.FromConfiguration(Configuration(values)));

        Assert.Equal(missing, failure.Key);
        Assert.Contains(missing, failure.Message);
    }

    [Fact]
    public void ProductionRefusesAnEndpointThatIsNotHttps()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => StorageSettings.FromConfiguration(Configuration(new()
        {
            ["ENVIRONMENT"] = "production",
            ["R2_ENDPOINT"] = "http://abc123.r2.cloudflarestorage.com",
            ["R2_ACCESS_KEY_ID"] = "key",
            ["R2_SECRET_ACCESS_KEY"] = "r2-secret",
        })));

        Assert.Contains("R2_ENDPOINT must be https", failure.Message);
        Assert.DoesNotContain("r2-secret", failure.Message);
    }

    [Fact]
    public void AnUnknownEnvironmentIsRefused()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => StorageSettings.FromConfiguration(Configuration(new() { ["ENVIRONMENT"] = "staging" })));

        Assert.Contains("ENVIRONMENT is 'staging'", failure.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
