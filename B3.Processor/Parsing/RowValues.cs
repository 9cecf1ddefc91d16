using NpgsqlTypes;

namespace B3.Processor.Parsing;

/// <summary>
/// A parsed row's values in column order, as an <see cref="IWholeRowTarget"/> takes them: per column its PostgreSQL
/// type, whether it has a value, and the value in the member its type reads. Each kind of value lives in its own array,
/// so a parser stores a number without touching a text slot. It is a view of the row the parser reuses for every row of
/// a file: read it during <see cref="IWholeRowTarget.WriteRow"/>, not after.
/// </summary>
public sealed class RowValues
{
    private readonly NpgsqlDbType[] _types;
    private readonly bool[] _hasValue;
    private readonly long[] _integers;
    private readonly decimal[] _numerics;
    private readonly string?[] _texts;

    internal RowValues(NpgsqlDbType[] types, bool[] hasValue, long[] integers, decimal[] numerics, string?[] texts)
    {
        _types = types;
        _hasValue = hasValue;
        _integers = integers;
        _numerics = numerics;
        _texts = texts;
    }

    public int Count => _types.Length;

    public NpgsqlDbType Type(int column) => _types[column];

    public bool HasValue(int column) => _hasValue[column];

    public string Text(int column) => _texts[column]!;

    public decimal Numeric(int column) => _numerics[column];

    public int Integer(int column) => (int)_integers[column];

    public long Bigint(int column) => _integers[column];

    public DateOnly Date(int column) => DateOnly.FromDayNumber((int)_integers[column]);

    public bool Boolean(int column) => _integers[column] == 1;
}
