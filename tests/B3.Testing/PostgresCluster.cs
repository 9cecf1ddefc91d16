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

    private const string FolderPrefix = "b3-test-pg-";

    /// <summary>The test process that made a cluster, written in its folder: a cluster whose maker is gone is a leftover.</summary>
    private const string OwnerFile = "owner.pid";

    public static async Task<PostgresCluster> StartAsync(PostgresDurability durability = PostgresDurability.OffForTests)
    {
        var bin = FindBinaries();
        await RemoveLeftoversAsync(bin, durability);
        var cluster = new PostgresCluster(bin, Directory.CreateTempSubdirectory(FolderPrefix).FullName, FreePort.Next(), durability);
        await File.WriteAllTextAsync(Path.Combine(cluster._folder, OwnerFile), Environment.ProcessId.ToString());
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

    /// <summary>
    /// Stops and deletes the clusters of test runs that were killed before they could (a cluster is a running server and
    /// a data folder in /tmp: enough of them fill the disk). A cluster whose maker still runs is another run's.
    /// </summary>
    private static async Task RemoveLeftoversAsync(string bin, PostgresDurability durability)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner), out var pid) || IsRunning(pid))
            {
                continue;
            }

            var leftover = new PostgresCluster(bin, folder, 0, durability);
            try
            {
                await leftover.PgAsync("pg_ctl", ["-D", leftover.Data, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Its server had already stopped.
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Another test process, starting at the same moment, removed it first.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
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
