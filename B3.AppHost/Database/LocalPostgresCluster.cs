using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace B3.AppHost.Database;

/// <summary>
/// Where the local PostgreSQL's binaries and data are, and how its processes are started. PostgreSQL refuses to run as
/// root, so under root both <c>initdb</c> and <c>postgres</c> run as the <c>postgres</c> user that Debian's package creates.
/// </summary>
internal sealed class LocalPostgresCluster(string binDirectory, string dataDirectory, bool asPostgresUser)
{
    private const string BinariesRoot = "/usr/lib/postgresql";

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>
    /// <c>Postgres:BinDirectory</c> (default: the newest <c>/usr/lib/postgresql/*/bin</c>) and <c>Postgres:DataDirectory</c>
    /// (default: <c>~/.local/share/b3-pipeline/postgres</c>, or under the <c>postgres</c> user's home for root).
    /// </summary>
    public static LocalPostgresCluster FromConfiguration(IConfiguration configuration)
    {
        var asPostgresUser = Environment.UserName == "root";
        var bin = configuration["Postgres:BinDirectory"] is { Length: > 0 } configured ? configured : NewestInstalledBinaries();
        if (bin is null || !File.Exists(Path.Combine(bin, "postgres")))
        {
            throw new DistributedApplicationException(
                $"No PostgreSQL server binaries in {bin ?? BinariesRoot + "/*/bin"}: install them (Debian: apt-get install postgresql), " +
                "set Postgres:BinDirectory, or set ConnectionStrings:b3db to a server of yours.");
        }

        var data = configuration["Postgres:DataDirectory"] is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : asPostgresUser
                ? "/var/lib/postgresql/b3-pipeline"
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "b3-pipeline", "postgres");
        return new LocalPostgresCluster(bin, data, asPostgresUser);
    }

    /// <summary>The program to run and the arguments that come before the server's own.</summary>
    public (string Command, string[] Prefix) ServerCommand() => Command("postgres");

    /// <summary>Loopback only, no Unix socket (its default folder belongs to the system's cluster); the port comes from PGPORT.</summary>
    public string[] ServerArguments() => ["-D", DataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];

    /// <summary>Runs <c>initdb</c> unless the data folder already holds a cluster; a failed <c>initdb</c> leaves no folder behind.</summary>
    public async Task InitializeOnceAsync(string password, ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            logger.LogInformation("Using the cluster in {DataDirectory}", DataDirectory);
            return;
        }

        var parent = Path.GetDirectoryName(DataDirectory)!;
        Directory.CreateDirectory(DataDirectory);
        var passwordFile = Path.Combine(parent, $".b3-initdb-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (asPostgresUser)
            {
                await RunAsync(("chown", []), ["postgres", DataDirectory, passwordFile], logger, cancellationToken);
            }

            logger.LogInformation("Creating a PostgreSQL cluster in {DataDirectory}", DataDirectory);
            await RunAsync(Command("initdb"),
                ["-D", DataDirectory, "-U", LocalPostgresResource.UserName, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                 $"--pwfile={passwordFile}", "--no-instructions"],
                logger, cancellationToken);
        }
        catch
        {
            Directory.Delete(DataDirectory, recursive: true);
            throw;
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private (string Command, string[] Prefix) Command(string program) => asPostgresUser
        ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(binDirectory, program)])
        : (Path.Combine(binDirectory, program), []);

    private static string? NewestInstalledBinaries() => Directory.Exists(BinariesRoot)
        ? Directory.GetDirectories(BinariesRoot)
            .Select(version => Path.Combine(version, "bin"))
            .Where(Directory.Exists)
            .OrderBy(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .LastOrDefault()
        : null;

    private static async Task RunAsync((string Command, string[] Prefix) program, string[] arguments, ILogger logger, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program.Command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in program.Prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output + await error).Trim();
        if (text.Length > 0)
        {
            logger.LogInformation("{Output}", text);
        }

        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException($"{Path.GetFileName(program.Prefix.LastOrDefault() ?? program.Command)} failed with exit code {process.ExitCode}: {text}");
        }
    }
}
