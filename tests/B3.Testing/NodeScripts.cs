using System.Diagnostics;
using System.Text.Json;

namespace B3.Testing;

/// <summary>Runs the repository's Node programs (S3 stand-in, Cloudflare emulator, lake reader) from tests.</summary>
public static class NodeScripts
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>npm ci</c> in <paramref name="folder"/> once; test assemblies running side by side take turns through a file lock.</summary>
    public static async Task EnsureInstalledAsync(string folder)
    {
        var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
        if (File.Exists(installed))
        {
            return;
        }

        await using var turn = await TakeLockAsync(Path.Combine(folder, ".npm-ci.lock"));
        if (!File.Exists(installed))
        {
            await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], folder);
        }
    }

    /// <summary>
    /// Starts a long-running script that prints one JSON line when it is ready and stops when its standard input
    /// closes (<c>--stop-with-stdin</c> is passed), so a test process that dies takes it along.
    /// </summary>
    public static async Task<RunningScript> StartAsync(string folder, string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await EnsureInstalledAsync(folder);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--stop-with-stdin");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(ReadyTimeout)
            ?? throw new InvalidOperationException($"{script} exited before it was ready: {await process.StandardError.ReadToEndAsync()}");
        return new RunningScript(process, JsonDocument.Parse(line).RootElement.Clone());
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
}

/// <summary>A Node program started by a test; disposing stops it.</summary>
public sealed class RunningScript(Process process, JsonElement ready) : OwnedProcess(process)
{
    /// <summary>The JSON line the program printed when it was ready.</summary>
    public JsonElement Ready { get; } = ready;
}
