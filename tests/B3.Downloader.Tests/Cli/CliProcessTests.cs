using System.Diagnostics;

namespace B3.Downloader.Tests.Cli;

/// <summary>The command line as a user runs it: <c>dotnet B3.Downloader.dll …</c>, configured by environment variables only.</summary>
public sealed class CliProcessTests(DownloaderFixture fixture) : IClassFixture<DownloaderFixture>
{
    [Fact]
    public async Task DownloadsADayAsItsOwnProcessAndPrintsTheKey()
    {
        fixture.B3.Reset();

        var run = await RunAsync(fixture.ServiceEnvironment, "download", "--date", "2025-12-05", "--dataset", "instruments");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["b3/instruments/2025-12-05.csv"], run.Keys);
        Assert.Equal(Samples.Instruments, await fixture.ReadAsync("b3/instruments/2025-12-05.csv"));
    }

    [Fact]
    public async Task NamesAMissingVariableAndExitsWithTwo()
    {
        var environment = fixture.ServiceEnvironment.Where(pair => pair.Key != "LOCAL_R2_ENDPOINT").ToDictionary();

        var run = await RunAsync(environment, "list");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("LOCAL_R2_ENDPOINT", run.Error);
    }

    [Fact]
    public async Task RefusesToStartTheWorkerWithoutAnApiKey()
    {
        var environment = new Dictionary<string, string?>(fixture.ServiceEnvironment) { ["API_KEY"] = null, ["DOWNLOADER_SCHEDULE_ENABLED"] = "false" };

        var run = await RunAsync(environment);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("API_KEY", run.Output + run.Error);
    }

    private static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var assembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "LOCAL_R2_ENDPOINT", "API_KEY", "ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
