using Npgsql;

namespace B3.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster from the local binaries, in a temporary folder on a free port. It can be stopped and
/// started again on the same port and data, as a restarted server is: connections drop, committed data stays.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;
    private readonly PostgresDurability _durability;
    private readonly bool _asRoot = Environment.UserName == "root";

    private PostgresCluster(string bin, string folder, int port, PostgresDurability durability) =>
        (_bin, _folder, _port, _durability) = (bin, folder, port, durability);

    /// <summary>The superuser's connection string to database <c>postgres</c>.</summary>
    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Database = "postgres" }.ConnectionString;

    private string Data => Path.Combine(_folder, "data");

    public static async Task<PostgresCluster> StartAsync(PostgresDurability durability = PostgresDurability.OffForTests)
    {
        var cluster = new PostgresCluster(FindBinaries(), Directory.CreateTempSubdirectory("b3-test-pg-").FullName, FreePort.Next(), durability);
        if (cluster._asRoot)
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
            await ChildProcess.RunAsync("chown", ["postgres", cluster._folder]);
        }

        await cluster.PgAsync("initdb", ["-D", cluster.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>A fast shutdown: every session is ended and in-flight transactions roll back, as in a server restart.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", Data, "-m", "fast", "-w", "stop"]);

    public Task StartAgainAsync() => PgAsync("pg_ctl",
    [
        "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "start",
        "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=300{DurabilitySettings}",
    ]);

    /// <summary>Tests trade durability for speed: a crash of the test machine loses nothing anyone needs.</summary>
    private string DurabilitySettings => _durability == PostgresDurability.OffForTests
        ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        : string.Empty;

    public async ValueTask DisposeAsync()
    {
        await PgAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Stops the cluster at once (process exit, where nothing can be awaited); never throws.</summary>
    public void StopNow()
    {
        try
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            System.Diagnostics.Debug.WriteLine($"Could not stop the test PostgreSQL in {_folder}: {e.Message}");
        }
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(version => Path.Combine(version, "bin")).Where(Directory.Exists).Order().LastOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "No PostgreSQL binaries under /usr/lib/postgresql: install the postgresql package or set B3_TEST_POSTGRES to a server's connection string.");
    }

    private Task PgAsync(string program, string[] arguments) =>
        _asRoot
            ? ChildProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : ChildProcess.RunAsync(Path.Combine(_bin, program), arguments);
}

/// <summary>Whether a throw-away cluster writes durably.</summary>
public enum PostgresDurability
{
    /// <summary><c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> off: the tests' server.</summary>
    OffForTests,

    /// <summary>PostgreSQL's own defaults, as users run it: what the bench measures against.</summary>
    Stock,
}
