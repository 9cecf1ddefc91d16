using System.Text.RegularExpressions;
using B3.Testing;

namespace B3.Core.Tests;

public sealed partial class RepositoryTests
{
    [Fact]
    public void EnvExampleDocumentsEveryVariableOfTheDesign()
    {
        var design = File.ReadAllText(Path.Combine(RepositoryPaths.Shared, "DESIGN.md"));
        var section = design[design.IndexOf("## 4. Configuration", StringComparison.Ordinal)..design.IndexOf("## 5.", StringComparison.Ordinal)];
        var variables = section.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => BacktickedName().Matches(line.Split('|')[1]).Select(m => m.Groups[1].Value))
            .ToList();
        var example = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".env.example"));

        Assert.Contains("ConnectionStrings__b3db", variables);
        Assert.True(variables.Count >= 16, $"Read only {variables.Count} variables from DESIGN.md §4.");
        Assert.All(variables, name => Assert.Contains(example, line => line.StartsWith(name + "=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NoEnvFileIsTracked()
    {
        var tracked = await ChildProcess.RunAsync("git", ["ls-files"], RepositoryPaths.Root);

        Assert.DoesNotContain(tracked.Split('\n'), path => Path.GetFileName(path) == ".env");
    }

    [GeneratedRegex(@"`([A-Za-z0-9_]+)`")]
    private static partial Regex BacktickedName();
}
