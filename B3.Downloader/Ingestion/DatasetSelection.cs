using B3.Core.Datasets;

namespace B3.Downloader.Ingestion;

/// <summary>The <c>--dataset</c> / <c>dataset=</c> value: one dataset name, or <c>all</c> (the default).</summary>
public static class DatasetSelection
{
    public const string All = "all";

    public static string[] Names { get; } = [.. Dataset.All.Select(d => d.Name), All];

    public static string Choices { get; } = string.Join("|", Names);

    /// <summary>The dataset names for help texts: <c>instruments, trades, …</c>.</summary>
    public static string List { get; } = string.Join(", ", Dataset.All.Select(d => d.Name));

    public static bool TryParse(string? value, out IReadOnlyList<Dataset> datasets)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Equals(All, StringComparison.OrdinalIgnoreCase))
        {
            datasets = Dataset.All;
            return true;
        }

        datasets = Dataset.TryParse(value, out var dataset) ? [dataset] : [];
        return datasets.Count > 0;
    }
}
