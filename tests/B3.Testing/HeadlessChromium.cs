using System.Text.Json;
using Xunit;

namespace B3.Testing;

/// <summary>
/// Runs a script of <see cref="RepositoryPaths.Browser"/> that drives Debian's Chromium headless and prints one JSON
/// line of what the page showed.
/// </summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Skips the test where there is no Chromium, except in CI, which must install it (.ci/run).</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(Path))
        {
            Assert.SkipWhen(Environment.GetEnvironmentVariable("CI") != "true", $"No {Path}: apt-get install chromium to run the browser tests.");
            Assert.Fail($"No {Path}: CI must install Debian's chromium package.");
        }
    }

    /// <summary>Runs <c>node script args… --chromium …</c> and returns the JSON line it printed last.</summary>
    public static async Task<JsonElement> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RequireInstalled();
        await NodeScripts.EnsureInstalledAsync(RepositoryPaths.Browser);
        var output = await ChildProcess.RunAsync("node", [script, .. arguments, "--chromium", Path], RepositoryPaths.Browser)
            .WaitAsync(timeout, cancellationToken);
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    /// <summary>A fresh path under the test output's <c>screenshots/</c> folder.</summary>
    public static string ScreenshotPath(string fileName)
    {
        var screenshot = System.IO.Path.Combine(AppContext.BaseDirectory, "screenshots", fileName);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        return screenshot;
    }
}
