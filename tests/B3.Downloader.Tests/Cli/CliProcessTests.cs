using B3.Testing;

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
        // Variables the test did not give are unset, so none leaks in from the machine running the tests.
        var complete = new Dictionary<string, string?> { ["LOCAL_R2_ENDPOINT"] = null, ["API_KEY"] = null, ["ENVIRONMENT"] = null };
        foreach (var (name, value) in environment)
        {
            complete[name] = value;
        }

        var run = await ServiceProcess.RunAsync("B3.Downloader", args, complete, TimeSpan.FromMinutes(2));
        return new CliRun(run.ExitCode, run.Output, run.Error);
    }
}
