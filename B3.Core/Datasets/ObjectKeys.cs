using System.Globalization;

namespace B3.Core.Datasets;

/// <summary>
/// Object keys of DESIGN.md §3: <c>b3/&lt;dataset&gt;/yyyy-mm-dd.&lt;ext&gt;</c>, and <c>b3/cotahist/yyyy.zip</c> for a
/// yearly COTAHIST. ISO dates make keys sort in date order, which listing by date range relies on.
/// </summary>
public sealed class ObjectKeys(string instrumentsPrefix = ObjectKeys.DefaultInstrumentsPrefix)
{
    public const string Root = "b3/";
    public const string DefaultInstrumentsPrefix = "b3/instruments/";
    private const string DateFormat = "yyyy-MM-dd";

    private readonly string _instrumentsPrefix = NormalizePrefix(instrumentsPrefix);

    public string Prefix(Dataset dataset) =>
        dataset == Dataset.Instruments ? _instrumentsPrefix : $"{Root}{dataset.Name}/";

    public string For(Dataset dataset, DateOnly date) =>
        $"{Prefix(dataset)}{date.ToString(DateFormat, CultureInfo.InvariantCulture)}.{dataset.Extension}";

    public string ForYear(Dataset dataset, int year) =>
        $"{Prefix(dataset)}{year.ToString("D4", CultureInfo.InvariantCulture)}.{dataset.Extension}";

    /// <summary>Reads a key back into its dataset and the dates it covers (a yearly key covers its whole year).</summary>
    public bool TryParse(string key, out ObjectKey parsed)
    {
        parsed = default;
        foreach (var dataset in Dataset.All)
        {
            var prefix = Prefix(dataset);
            var suffix = "." + dataset.Extension;
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || !key.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var stem = key.AsSpan(prefix.Length, key.Length - prefix.Length - suffix.Length);
            if (DateOnly.TryParseExact(stem, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                parsed = new ObjectKey(key, dataset, date, date);
                return true;
            }

            if (stem.Length == 4 && int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1)
            {
                parsed = new ObjectKey(key, dataset, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
                return true;
            }
        }

        return false;
    }

    private static string NormalizePrefix(string prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix) || prefix.StartsWith('/') || prefix.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{prefix}' is not a valid key prefix (B3_INSTRUMENTS_PATH).", nameof(prefix));
        }

        return prefix.EndsWith('/') ? prefix : prefix + "/";
    }
}

/// <summary>A parsed object key; <see cref="From"/> equals <see cref="To"/> except for yearly files.</summary>
public readonly record struct ObjectKey(string Key, Dataset Dataset, DateOnly From, DateOnly To)
{
    public bool IsYearly => From != To;

    public bool Overlaps(DateOnly? from, DateOnly? to) => (from is null || To >= from) && (to is null || From <= to);
}
