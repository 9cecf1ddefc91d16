namespace B3.Testing;

/// <summary>
/// A real S3 endpoint for tests: the one <c>B3_TEST_S3_ENDPOINT</c> names (keys from <c>B3_TEST_S3_ACCESS_KEY</c> /
/// <c>B3_TEST_S3_SECRET_KEY</c>, default <c>S3RVER</c>), or else the S3 stand-in of <c>workers/</c> started under Node.
/// </summary>
public static class S3Server
{
    private static readonly Lazy<Task<S3Endpoint>> Server = new(StartAsync);

    // Held for the life of the test process: when its standard-input pipe is finalized, the stand-in stops.
    private static RunningScript? s_standIn;

    public static Task<S3Endpoint> GetAsync() => Server.Value;

    /// <summary>
    /// Starts another stand-in that the caller owns (e.g. to stop it mid-test). Given a port and a folder, a stand-in
    /// started again with the same ones serves the same objects at the same address.
    /// </summary>
    public static async Task<(S3Endpoint Endpoint, RunningScript StandIn)> StartStandInAsync(bool tls = false, int port = 0, string? directory = null)
    {
        List<string> arguments = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (tls)
        {
            arguments.Add("--tls");
        }

        if (directory is not null)
        {
            arguments.AddRange(["--directory", directory]);
        }

        var standIn = await NodeScripts.StartAsync(RepositoryPaths.Workers, Path.Combine("scripts", "s3-standin.mjs"), arguments);
        return (EndpointFrom(standIn.Ready, "endpoint"), standIn);
    }

    /// <summary>Reads an S3 endpoint from a ready line: <c>{"&lt;urlProperty&gt;", "accessKey", "secretKey", "certificate"}</c>.</summary>
    public static S3Endpoint EndpointFrom(System.Text.Json.JsonElement ready, string urlProperty) => new(
        new Uri(ready.GetProperty(urlProperty).GetString()!),
        ready.GetProperty("accessKey").GetString()!,
        ready.GetProperty("secretKey").GetString()!,
        ready.TryGetProperty("certificate", out var certificate) ? certificate.GetString() : null);

    private static async Task<S3Endpoint> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("B3_TEST_S3_ENDPOINT") is { Length: > 0 } configured)
        {
            return new S3Endpoint(
                new Uri(configured),
                Environment.GetEnvironmentVariable("B3_TEST_S3_ACCESS_KEY") ?? "S3RVER",
                Environment.GetEnvironmentVariable("B3_TEST_S3_SECRET_KEY") ?? "S3RVER",
                Certificate: null);
        }

        (var endpoint, s_standIn) = await StartStandInAsync();
        return endpoint;
    }
}

/// <summary>An S3 server's address and keys; <paramref name="Certificate"/> is the PEM of a self-signed TLS server.</summary>
public sealed record S3Endpoint(Uri Url, string AccessKey, string SecretKey, string? Certificate);
