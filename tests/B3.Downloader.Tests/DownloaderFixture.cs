using System.Security.Cryptography;
using B3.Core.Datasets;
using B3.Core.Storage;
using B3.Downloader.Cli;
using B3.ServiceDefaults.Resilience;
using B3.Testing;
using B3.Testing.FakeB3;

namespace B3.Downloader.Tests;

/// <summary>
/// A test class's bucket and database (<see cref="B3Fixture"/>) plus its own fake B3 server, whose faults the class's
/// tests program one at a time (tests of a class run one after another).
/// </summary>
public class DownloaderFixture : B3Fixture
{
    private static readonly RetrySettings FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(10) };

    private Amazon.S3.IAmazonS3? _s3;

    public FakeB3Server B3 { get; private set; } = null!;

    public IObjectStorage Storage { get; private set; } = null!;

    public ObjectKeys Keys { get; } = new();

    public string WorkFolder { get; } = Directory.CreateTempSubdirectory("b3-downloader-test-").FullName;

    /// <summary>A service process's environment: the AppHost's variables, B3 at the fake, a private work folder.</summary>
    public IReadOnlyDictionary<string, string?> ServiceEnvironment => new Dictionary<string, string?>(EnvironmentVariables)
        .Concat(B3.EnvironmentVariables)
        .Append(new("DOWNLOADER_WORK_DIR", WorkFolder))
        .ToDictionary();

    /// <summary>The same as configuration keys, for the in-process command line and server.</summary>
    public IReadOnlyDictionary<string, string?> Settings =>
        ServiceEnvironment.ToDictionary(pair => pair.Key.Replace("__", ":", StringComparison.Ordinal), pair => pair.Value);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        B3 = await FakeB3Server.StartAsync(Samples.CreateFiles());
        _s3 = StorageExtensions.CreateClient(StorageSettings, FastRetries);
        Storage = TestStorage.Over(_s3, StorageSettings, FastRetries, Keys);
        // A test may look at or clear the bucket before anything was uploaded to it.
        await Storage.EnsureBucketAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await B3.DisposeAsync();
        _s3?.Dispose();
        Directory.Delete(WorkFolder, recursive: true);
        await base.DisposeAsync();
    }

    /// <summary>Runs the command line in this process, as <c>b3-downloader &lt;args&gt;</c> would, and captures what it prints.</summary>
    public Task<CliRun> RunCliAsync(params string[] args) => RunCliAsync(new Dictionary<string, string?>(), args);

    /// <summary>The same with some settings added or replaced.</summary>
    public async Task<CliRun> RunCliAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = Settings.Concat(settings).GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value);
        var exitCode = await DownloaderCli.RunAsync(args, new CliContext(output, error, configuration), TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The object's bytes, or null when there is no such key.</summary>
    public async Task<byte[]?> ReadAsync(string key)
    {
        await using var content = await Storage.OpenReadAsync(key, TestContext.Current.CancellationToken);
        if (content is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await content.Body.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }

    public async Task<IReadOnlyList<string>> ListAsync(Dataset dataset, DateOnly? from = null, DateOnly? to = null) =>
        [.. (await Storage.ListAsync(dataset, from, to, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken)).Select(o => o.Key.Key)];

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>What one command-line run returned and printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> Keys => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
