namespace B3.Testing;

/// <summary>Paths inside this repository, found from the running test assembly.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workers => Path.Combine(Root, "workers");

    /// <summary>The <c>shared/</c> folder that sits beside the repository (DEVELOPERS.md).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "B3.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No B3.sln above {AppContext.BaseDirectory}.");
    }
}
