namespace B3.Downloader.Cli;

/// <summary>Where a command writes (keys on <see cref="Output"/>, everything else on <see cref="Error"/>) and configuration set by the caller.</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, IReadOnlyDictionary<string, string?> Configuration)
{
    public static CliContext Console { get; } = new(System.Console.Out, System.Console.Error, new Dictionary<string, string?>());
}
