using System.Reflection;

namespace B3.Core.Database;

/// <summary>SQL kept as files beside the migrations and embedded in this assembly (see B3.Core.csproj).</summary>
internal static class EmbeddedSql
{
    private static readonly Assembly Assembly = typeof(EmbeddedSql).Assembly;

    /// <summary>The resource names that start with <paramref name="prefix"/>.</summary>
    public static IEnumerable<string> Names(string prefix) =>
        Assembly.GetManifestResourceNames().Where(name => name.StartsWith(prefix, StringComparison.Ordinal));

    public static string Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No embedded SQL named '{resource}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
