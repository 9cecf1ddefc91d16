using B3.Core.Storage;
using Xunit;

namespace B3.Testing;

/// <summary>
/// What one test class gets: its own empty database on the shared PostgreSQL server and its own bucket name on the
/// shared S3 server, so classes can run in parallel. <see cref="EnvironmentVariables"/> holds the environment variables
/// exactly as the AppHost injects them into a service.
/// </summary>
public class B3Fixture : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _extraDatabases = [];

    public string DatabaseName => $"b3_test_{_suffix}";

    public string BucketName => $"b3-test-{_suffix}";

    public string ConnectionString { get; private set; } = string.Empty;

    public S3Endpoint S3 { get; private set; } = null!;

    /// <summary>A Standard Webhooks secret (<c>whsec_</c> + base64) for this class's services.</summary>
    public string WebhookSecret { get; } = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public string ApiKey { get; } = Guid.NewGuid().ToString("N");

    public StorageSettings StorageSettings => new(S3.Url, S3.AccessKey, S3.SecretKey, BucketName, "us-east-1");

    /// <summary>The variables as a service process receives them.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables => new Dictionary<string, string?>
    {
        ["ENVIRONMENT"] = "development",
        ["ConnectionStrings__b3db"] = ConnectionString,
        ["LOCAL_R2_ENDPOINT"] = S3.Url.ToString(),
        ["LOCAL_R2_ACCESS_KEY"] = S3.AccessKey,
        ["LOCAL_R2_SECRET_KEY"] = S3.SecretKey,
        ["LOCAL_R2_BUCKET_NAME"] = BucketName,
        ["WEBHOOK_SECRET"] = WebhookSecret,
        ["API_KEY"] = ApiKey,
        // Fast retries keep failure tests short; the count stays the production default.
        ["Resilience__BaseDelay"] = "00:00:00.050",
    };

    /// <summary>The same settings as configuration keys (<c>__</c> read as <c>:</c>), for in-process hosts.</summary>
    public IReadOnlyDictionary<string, string?> ConfigurationValues =>
        EnvironmentVariables.ToDictionary(pair => pair.Key.Replace("__", ":", StringComparison.Ordinal), pair => pair.Value);

    public virtual async ValueTask InitializeAsync()
    {
        var database = CreateOwnDatabaseAsync();
        var s3 = S3Server.GetAsync();
        ConnectionString = await database;
        S3 = await s3;
    }

    /// <summary>This class's empty database, <see cref="DatabaseName"/>, on the shared server unless a fixture has a server of its own.</summary>
    protected virtual Task<string> CreateOwnDatabaseAsync() => PostgresServer.CreateDatabaseAsync(DatabaseName);

    /// <summary>Another empty database of this class's own, dropped with the fixture.</summary>
    public Task<string> CreateDatabaseAsync(string suffix)
    {
        var name = $"{DatabaseName}_{suffix}";
        _extraDatabases.Add(name);
        return PostgresServer.CreateDatabaseAsync(name);
    }

    /// <summary>A connection string to a database that does not exist yet (the service must create it).</summary>
    public string ConnectionStringToNewDatabase(string suffix)
    {
        var name = $"{DatabaseName}_{suffix}";
        _extraDatabases.Add(name);
        return new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var name in _extraDatabases.Append(DatabaseName))
        {
            await PostgresServer.DropDatabaseAsync(name);
        }

        GC.SuppressFinalize(this);
    }
}
