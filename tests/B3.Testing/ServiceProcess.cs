using System.Diagnostics;
using System.Text;

namespace B3.Testing;

/// <summary>
/// One of the pipeline's services running as its own process (<c>dotnet B3.X.dll</c> from the build output), configured
/// only through environment variables, as the AppHost or a container would run it.
/// </summary>
public sealed class ServiceProcess : OwnedProcess
{
    private readonly StringBuilder _output = new();

    private ServiceProcess(string project, Process process, Uri url)
        : base(process)
    {
        Project = project;
        Url = url;
    }

    public string Project { get; }

    public Uri Url { get; }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => Process.HasExited;

    /// <summary>The process's peak resident memory so far (Linux <c>VmHWM</c>).</summary>
    public long PeakMemoryBytes()
    {
        var line = File.ReadLines($"/proc/{Process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <param name="url">Where it listens; a free loopback port when null.</param>
    public static ServiceProcess Start(string project, IReadOnlyDictionary<string, string?> environment, Uri? url = null)
    {
        var assembly = BuildOutput(project);
        url ??= new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = url.ToString();
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(project, process, url);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>
    /// Runs a service's command line to its end (<c>dotnet B3.X.dll args…</c>) with exactly the given variables for the
    /// settings it reads, and returns its exit code and what it printed.
    /// </summary>
    public static async Task<ProcessRun> RunAsync(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var assembly = BuildOutput(project);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
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

        return new ProcessRun(process.ExitCode, await output, await error);
    }

    /// <summary>Waits until <c>/health</c> answers 200; fails with the process's output if it exits or times out.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"{Project} exited with {Process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or too busy starting to answer in time.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"{Project} was not healthy within {timeout}:\n{Output}");
    }

    /// <summary>The service's assembly beside the tests' own (artifacts/bin/&lt;project&gt;/&lt;configuration&gt;/).</summary>
    private static string BuildOutput(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var assembly = Path.Combine(testOutput.Parent!.Parent!.FullName, project, testOutput.Name, project + ".dll");
        return File.Exists(assembly)
            ? assembly
            : throw new FileNotFoundException($"{project} is not built at {assembly}; build the solution first.", assembly);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>How a command-line run ended.</summary>
public sealed record ProcessRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
