namespace B3.Core.Lake;

/// <summary>
/// A column chunk's statistics as Parquet stores them: bounds PLAIN-encoded (strings without their length), absent
/// when no value counts; <see cref="NanCount"/> only for doubles, whose bounds leave NaN out.
/// </summary>
internal sealed record ColumnStatistics(long NullCount, byte[]? Min, byte[]? Max, long? NanCount = null);
