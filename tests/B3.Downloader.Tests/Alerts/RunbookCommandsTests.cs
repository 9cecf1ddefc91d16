using System.Text.RegularExpressions;
using B3.Downloader.Cli;
using B3.Testing;

namespace B3.Downloader.Tests.Alerts;

/// <summary>Every <c>b3-downloader</c> command the deploy guide and the runbook show exists, with the options they use.</summary>
public sealed partial class RunbookCommandsTests
{
    private static readonly string[] Documents = ["docs/runbook.md", "docs/deploy.md"];

    [Fact]
    public async Task EveryDocumentedCommandAndOptionIsInItsHelp()
    {
        var text = string.Join("\n", Documents.Select(document => File.ReadAllText(Path.Combine(RepositoryPaths.Root, document))));
        var uses = DocumentedCommand().Matches(text)
            .Select(match => (Command: match.Groups["command"].Value, Options: OptionName().Matches(match.Groups["rest"].Value).Select(o => o.Value).ToList()))
            .ToList();

        foreach (var (command, options) in uses.Where(use => use.Command != "<command>"))
        {
            var help = await HelpAsync(command);
            Assert.True(help.ExitCode == 0, $"'{command} --help' exited {help.ExitCode}: {help.Error}");
            Assert.Matches($@"Usage:\n  \S+ {Regex.Escape(command)} \[options\]", help.Output.ReplaceLineEndings("\n"));
            foreach (var option in options)
            {
                Assert.True(Regex.IsMatch(help.Output, $@"(^|[\s,]){Regex.Escape(option)}[\s,]", RegexOptions.Multiline),
                    $"'{command}' has no option {option}:\n{help.Output}");
            }
        }

        Assert.Equal(["backfill", "replay-dead", "reprocess"], uses.Select(use => use.Command).Where(c => c != "<command>").Distinct().Order());
    }

    private static async Task<CliRun> HelpAsync(string command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DownloaderCli.RunAsync([command, "--help"], new CliContext(output, error, new Dictionary<string, string?>()), TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary><c>docker compose run --rm downloader &lt;command&gt; [options]</c>, up to the end of the code span, line or comment.</summary>
    [GeneratedRegex(@"docker compose run --rm downloader (?<command>[a-z<>-]+)(?<rest>[^`\n#|]*)")]
    private static partial Regex DocumentedCommand();

    [GeneratedRegex(@"(?<=\s)--[a-z][a-z-]*")]
    private static partial Regex OptionName();
}
