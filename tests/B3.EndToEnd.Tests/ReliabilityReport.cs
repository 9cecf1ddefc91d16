namespace B3.EndToEnd.Tests;

/// <summary>
/// Rows of docs/reliability.md, written by the scenarios as they pass to <c>reliability.md</c> beside the test assembly
/// (copy it into docs/ after a run: the README says how).
/// </summary>
internal static class ReliabilityReport
{
    private static readonly string File = Path.Combine(AppContext.BaseDirectory, "reliability.md");
    private static readonly Lock Gate = new();

    // Each test run starts a fresh table.
    static ReliabilityReport() => System.IO.File.Delete(File);

    public static void Record(string scenario, string load, string faults, string outcome, TimeSpan recovery)
    {
        lock (Gate)
        {
            if (!System.IO.File.Exists(File))
            {
                System.IO.File.WriteAllText(File,
                    "| Scenario | Load | Faults injected | Outcome | Time to recover |\n|---|---|---|---|---|\n");
            }

            System.IO.File.AppendAllText(File, $"| {scenario} | {load} | {faults} | {outcome} | {recovery.TotalSeconds:F1} s |\n");
        }
    }
}
