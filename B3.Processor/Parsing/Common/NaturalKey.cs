namespace B3.Processor.Parsing.Common;

/// <summary>
/// A row's natural key, compact so that a yearly COTAHIST (millions of rows) can be checked for duplicates:
/// the date, the ticker (a pooled string), and the row's codes packed three decimal digits each.
/// </summary>
internal readonly record struct NaturalKey(DateOnly Date, string Ticker, int Codes);
