using System.Diagnostics;
using System.Text.Json;

namespace B3.Testing;

/// <summary>
/// A real S3 endpoint for tests: the one <c>B3_TEST_S3_ENDPOINT</c> names (keys from <c>B3_TEST_S3_ACCESS_KEY</c> /
/// <c>B3_TEST_S3_SECRET_KEY</c>, default <c>S3RVER</c>), or else the S3 stand-in of <c>workers/</c> started under Node.
/// </summary>
public static class S3Server
{
    private static readonly Lazy<Task<S3Endpoint>> Server = new(StartAsync);

    // Held for the life of the test process: when its standard-input pipe is finalized, the stand-in stops.
    private static Process? s_standIn;

    public static Task<S3Endpoint> GetAsync() => Server.Value;

    /// <summary>Starts another stand-in that the caller owns (e.g. to stop it mid-test).</summary>
    public static async Task<(S3Endpoint Endpoint, Process Process)> StartStandInAsync(bool tls = false)
    {
        await EnsureInstalledAsync();
        var script = Path.Combine(RepositoryPaths.Workers, "scripts", "s3-standin.mjs");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.Workers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--stop-with-stdin");
        if (tls)
        {
            start.ArgumentList.Add("--tls");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException($"The S3 stand-in exited: {await process.StandardError.ReadToEndAsync()}");
        var ready = JsonSerializer.Deserialize<StandInReady>(line, JsonSerializerOptions.Web)!;
        return (new S3Endpoint(new Uri(ready.Endpoint), ready.AccessKey, ready.SecretKey, ready.Certificate), process);
    }

    /// <summary>Runs <c>npm ci</c> in workers/ once; test assemblies running side by side take turns through a file lock.</summary>
    private static async Task EnsureInstalledAsync()
    {
        var installed = Path.Combine(RepositoryPaths.Workers, "node_modules", ".package-lock.json");
        if (File.Exists(installed))
        {
            return;
        }

        await using var turn = await TakeLockAsync(Path.Combine(RepositoryPaths.Workers, ".npm-ci.lock"));
        if (!File.Exists(installed))
        {
            await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], RepositoryPaths.Workers);
        }
    }

    private static async Task<FileStream> TakeLockAsync(string path)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(250);
            }
        }
    }

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

        // The stand-in stops when our end of its standard input closes, i.e. when this test process exits.
        (var endpoint, s_standIn) = await StartStandInAsync();
        return endpoint;
    }

    private sealed record StandInReady(string Endpoint, string AccessKey, string SecretKey, string? Certificate);
}

/// <summary>An S3 server's address and keys; <paramref name="Certificate"/> is the PEM of a self-signed TLS server.</summary>
public sealed record S3Endpoint(Uri Url, string AccessKey, string SecretKey, string? Certificate);
