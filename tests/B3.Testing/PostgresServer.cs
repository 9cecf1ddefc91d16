using System.Diagnostics;
using Npgsql;

namespace B3.Testing;

/// <summary>
/// A real PostgreSQL server for tests: the one <c>B3_TEST_POSTGRES</c> names (a connection string of a role that may
/// create databases), or else a throw-away cluster started from the local binaries in a temporary folder.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>The administrative connection string, starting the server on first use.</summary>
    public static Task<string> GetConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("B3_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }

        var bin = FindBinaries();
        var folder = Directory.CreateTempSubdirectory("b3-test-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var port = FreePort.Next();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
            await ChildProcess.RunAsync("chown", ["postgres", folder]);
        }

        await RunAsync(asRoot, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        await RunAsync(asRoot, Path.Combine(bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "start",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        ]);

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot, bin, data, folder);
        return new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }.ConnectionString;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var admin = await GetConnectionStringAsync();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        var admin = await GetConnectionStringAsync();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
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

    private static Task RunAsync(bool asPostgresUser, string program, string[] arguments) =>
        asPostgresUser
            ? ChildProcess.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments])
            : ChildProcess.RunAsync(program, arguments);

    private static void Stop(bool asRoot, string bin, string data, string folder)
    {
        try
        {
            RunAsync(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e)
        {
            Debug.WriteLine($"Could not stop the test PostgreSQL in {folder}: {e.Message}");
        }
    }
}
