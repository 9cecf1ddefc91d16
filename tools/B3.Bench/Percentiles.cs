namespace B3.Bench;

internal static class Percentiles
{
    /// <summary>The <paramref name="quantile"/> (0–1) of the samples, nearest rank.</summary>
    public static double Of(IReadOnlyCollection<double> samples, double quantile)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
