namespace B3.Benchmarks;

/// <summary>Names the <see cref="ParserInputs"/> member a benchmark reads, for the MB/s and per-record columns.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MeasuresAttribute(string input) : Attribute
{
    public ParserInput Input => input switch
    {
        nameof(ParserInputs.Cotahist) => ParserInputs.Cotahist,
        nameof(ParserInputs.CotahistZip) => ParserInputs.CotahistZip,
        nameof(ParserInputs.Instruments) => ParserInputs.Instruments,
        nameof(ParserInputs.Trades) => ParserInputs.Trades,
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "No such benchmark input."),
    };
}
