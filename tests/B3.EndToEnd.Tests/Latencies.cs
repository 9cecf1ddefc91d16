namespace B3.EndToEnd.Tests;

internal static class Latencies
{
    /// <summary>The nearest-rank 99th percentile of the times measured.</summary>
    public static double P99(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted[(int)Math.Ceiling(sorted.Count * 0.99) - 1];
    }
}
