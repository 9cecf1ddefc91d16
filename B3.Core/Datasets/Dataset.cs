namespace B3.Core.Datasets;

/// <summary>One of B3's end-of-day files, as stored under <c>b3/&lt;name&gt;/</c> (DESIGN.md §3).</summary>
public sealed record Dataset(string Name, string Extension)
{
    public static readonly Dataset Instruments = new("instruments", "csv");
    public static readonly Dataset Trades = new("trades", "csv");
    public static readonly Dataset Cotahist = new("cotahist", "zip");
    public static readonly Dataset Ibov = new("ibov", "json");

    /// <summary>The day's snapshot of B3's corporate events (splits, bonus shares, dividends) of every issuer.</summary>
    public static readonly Dataset CorporateActions = new("corporate-actions", "json");

    public static IReadOnlyList<Dataset> All { get; } = [Instruments, Trades, Cotahist, Ibov, CorporateActions];

    public static Dataset Parse(string name) =>
        TryParse(name, out var dataset)
            ? dataset
            : throw new ArgumentException($"Unknown dataset '{name}'; expected one of {string.Join(", ", All.Select(d => d.Name))}.", nameof(name));

    public static bool TryParse(string? name, out Dataset dataset)
    {
        dataset = All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return dataset is not null;
    }

    public override string ToString() => Name;
}
