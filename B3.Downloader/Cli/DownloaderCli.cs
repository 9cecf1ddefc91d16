using System.CommandLine;
using B3.Downloader.Ingestion;

namespace B3.Downloader.Cli;

/// <summary>
/// The command line of DESIGN.md §5: <c>download</c>, <c>backfill</c>, <c>list</c>, and the operator's job commands
/// <c>replay-dead</c> and <c>reprocess</c>; exit 0 done or skipped, 1 failed, 2 usage error.
/// </summary>
public static class DownloaderCli
{
    private static readonly string[] Commands = ["download", "backfill", "list", ReplayDeadCommand.Name, ReprocessCommand.Name];
    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "--version"];

    /// <summary>True when the arguments name a command (or ask for help); otherwise the process is the scheduled worker.</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && (Commands.Contains(args[0], StringComparer.Ordinal) || HelpTokens.Contains(args[0], StringComparer.Ordinal));

    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliContext.Console, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand(
            $"b3-downloader: downloads B3's end-of-day files ({DatasetSelection.List}), checks them and stores them " +
            "unchanged in the bucket under b3/<dataset>/<yyyy-mm-dd>.<ext>. Without a command it runs as the scheduled worker. " +
            "Configuration comes from environment variables (.env in Development): ENVIRONMENT, R2_* or LOCAL_R2_*, B3_*_URL.")
        {
            DownloadCommand.Create(globals, context),
            BackfillCommand.Create(globals, context),
            ListCommand.Create(globals, context),
            ReplayDeadCommand.Create(globals, context),
            ReprocessCommand.Create(globals, context),
        };
        root.Options.Add(globals.Environment);
        root.Options.Add(globals.Verbose);

        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = context.Error, Error = context.Error };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}");
            }

            var command = parse.CommandResult.Command;
            await context.Error.WriteLineAsync($"Run '{string.Join(' ', Path(command))} --help' for the options.");
            return ExitCodes.Usage;
        }

        // Help goes to standard output like any requested output.
        if (args.Any(HelpTokens.Contains))
        {
            invocation.Output = context.Output;
        }

        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private static IEnumerable<string> Path(Command command) =>
        command.Parents.OfType<Command>().SelectMany(Path).Append(command is RootCommand ? "b3-downloader" : command.Name);
}
