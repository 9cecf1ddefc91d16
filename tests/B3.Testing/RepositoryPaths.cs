using System.Reflection;

namespace B3.Testing;

/// <summary>Paths inside this repository, found from the running test assembly.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workers => Path.Combine(Root, "workers");

    /// <summary>The scripts that drive headless Chromium (playwright-core).</summary>
    public static string Browser => Path.Combine(Root, "tests", "browser");

    /// <summary>The <c>shared/</c> folder that sits beside the repository (DEVELOPERS.md).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        var root = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value!;
        return File.Exists(Path.Combine(root, "B3.sln"))
            ? root
            : throw new InvalidOperationException($"No B3.sln in {root}, where B3.Testing was built.");
    }
}
