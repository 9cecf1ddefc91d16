using System.Globalization;
using System.Text;

namespace B3.Bench;

/// <summary>One measure against its baseline from the same run, and the target for it.</summary>
internal sealed record ReportRow(string Measure, string Result, string Baseline, double? Ratio, string Target, bool? Holds, string? Note = null)
{
    public static ReportRow NotAvailable(string measure, string target, string why) => new(measure, "not available", "-", null, target, null, why);
}

/// <summary>The bench's table, printed and written into docs/performance.md between its markers.</summary>
internal sealed class Report(string machine, string command, IReadOnlyList<ReportRow> rows)
{
    public const string StartMarker = "<!-- bench:start -->";
    public const string EndMarker = "<!-- bench:end -->";

    private readonly IReadOnlyList<ReportRow> _rows = rows;

    public string ToMarkdown(DateTimeOffset finished, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {finished:yyyy-MM-dd HH:mm} UTC in {elapsed.TotalMinutes:F1} min on {machine}, with `{command}`.");
        text.AppendLine();
        text.AppendLine("| Measure | Result | Baseline (same run) | Ratio | Target | Holds |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            var holds = row.Holds switch { true => "yes", false => "**no**", null => "-" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Measure} | {row.Result} | {row.Baseline} | {Ratio(row)} | {row.Target} | {holds} |");
        }

        var notes = _rows.Where(row => row.Note is not null).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var row in notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {row.Measure}: {row.Note}");
            }
        }

        return text.ToString();
    }

    /// <summary>Replaces what stands between the markers of <paramref name="path"/>; a file without them gets them appended.</summary>
    public static void WriteInto(string path, string table)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n";
        var block = $"{StartMarker}\n{table}{EndMarker}";
        var start = existing.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = existing.IndexOf(EndMarker, StringComparison.Ordinal);
        var updated = start >= 0 && end > start
            ? existing[..start] + block + existing[(end + EndMarker.Length)..]
            : existing.TrimEnd() + "\n\n## Latest results\n\n" + block + "\n";
        File.WriteAllText(path, updated);
    }

    private static string Ratio(ReportRow row) => row.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-";
}
