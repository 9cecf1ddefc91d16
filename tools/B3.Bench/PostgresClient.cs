using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace B3.Bench;

/// <summary>PostgreSQL's own client programs against the bench database: psql's <c>\copy</c> and pgbench, the baselines.</summary>
internal sealed class PostgresClient(string connectionString)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The newest /usr/lib/postgresql/*/bin with psql, or <c>B3_BENCH_PG_BIN</c>.</summary>
    public static string BinDirectory { get; } = FindBinaries();

    public static bool HasPgbench => File.Exists(Path.Combine(BinDirectory, "pgbench"));

    /// <summary>Runs psql's <c>\copy … FROM 'file' (FORMAT csv)</c> and returns its wall time, start of psql to its exit.</summary>
    public async Task<TimeSpan> CopyAsync(string table, IEnumerable<string> columns, string csvPath)
    {
        var started = Stopwatch.GetTimestamp();
        await RunAsync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", $"\\copy {table} ({string.Join(", ", columns)}) FROM '{csvPath}' WITH (FORMAT csv)"]);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// pgbench with a custom script at a fixed concurrency: its transactions per second (initial connections excluded) and
    /// the per-transaction latencies it logs, in milliseconds.
    /// </summary>
    public async Task<(double Tps, double[] LatenciesMs)> PgbenchAsync(string script, int clients, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("b3-bench-pgbench-").FullName;
        try
        {
            var scriptPath = Path.Combine(folder, "intake.sql");
            await File.WriteAllTextAsync(scriptPath, script);
            var output = await RunAsync("pgbench",
            [
                "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
                "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-f", scriptPath,
                "--log", "--log-prefix", Path.Combine(folder, "tx"),
            ], folder);
            var tpsLine = output.Split('\n').First(line => line.StartsWith("tps = ", StringComparison.Ordinal));
            var tps = double.Parse(tpsLine.Split(' ')[2], CultureInfo.InvariantCulture);
            var latencies = Directory.EnumerateFiles(folder, "tx*")
                .SelectMany(File.ReadLines)
                .Select(line => double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 1000)
                .ToArray();
            return (tps, latencies);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Path.Combine(BinDirectory, program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGDATABASE"] = builder.Database;
        start.Environment["PGPASSWORD"] = builder.Password ?? string.Empty;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await error}{await output}");
    }

    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("B3_BENCH_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        const string Root = "/usr/lib/postgresql";
        return (Directory.Exists(Root) ? Directory.GetDirectories(Root) : [])
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "psql")))
            .OrderBy(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .LastOrDefault()
            ?? throw new InvalidOperationException("No psql under /usr/lib/postgresql/*/bin: install PostgreSQL (README) or set B3_BENCH_PG_BIN.");
    }
}
