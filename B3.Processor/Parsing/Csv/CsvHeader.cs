namespace B3.Processor.Parsing.Csv;

/// <summary>
/// A header line mapped onto the table: for each column the index of its field in a row (-1 when the file lacks it)
/// and the header name it was found under; <see cref="FieldCount"/> is how many fields a row must have.
/// </summary>
internal sealed record CsvHeader(int FieldCount, int[] FieldOf, string[] Labels);
