using System.Text;

namespace B3.Processor.Parsing.Common;

/// <summary>How a file writes its values: text encoding, dates, numbers, and the token that means "no value".</summary>
internal sealed record FieldFormat(Encoding Encoding, DateLayout Dates, NumberFormat Numbers, string? NullToken = null);
