using B3.Processor.Parsing.Common;
using NpgsqlTypes;

namespace B3.Processor.Parsing;

/// <summary>
/// A parsed row's values in column order, as an <see cref="IRowTarget"/> takes them: per column its PostgreSQL
/// type, whether it has a value, and the value in the member its type reads. Each kind of value lives in its own array,
/// so a parser stores a number without touching a text slot. It is a view of the row the parser reuses for every row of
/// a file: read it during <see cref="IRowTarget.WriteRow"/>, not after.
/// </summary>
public sealed class RowValues
{
    /// <summary>The scale of a numeric held as a decimal rather than as digits and a scale.</summary>
    internal const byte InDecimal = byte.MaxValue;

    private readonly NpgsqlDbType[] _types;
    private readonly bool[] _hasValue;
    private readonly long[] _integers;
    private readonly decimal[] _numerics;
    private readonly byte[] _scales;
    private readonly string?[] _texts;

    internal RowValues(NpgsqlDbType[] types, bool[] hasValue, long[] integers, decimal[] numerics, byte[] scales, string?[] texts)
    {
        _types = types;
        _hasValue = hasValue;
        _integers = integers;
        _numerics = numerics;
        _scales = scales;
        _texts = texts;
    }

    public int Count => _types.Length;

    public NpgsqlDbType Type(int column) => _types[column];

    public bool HasValue(int column) => _hasValue[column];

    public string Text(int column) => _texts[column]!;

    public decimal Numeric(int column) => _scales[column] == InDecimal ? _numerics[column] : NumberParser.WithImpliedDecimals(_integers[column], _scales[column]);

    /// <summary>
    /// A numeric that the parser kept as whole digits and a scale (3585 and 2 for 35.85), so a writer can use them
    /// without taking a decimal apart; false for one kept as a decimal.
    /// </summary>
    public bool TryGetUnscaled(int column, out long unscaled, out byte scale)
    {
        (unscaled, scale) = (_integers[column], _scales[column]);
        return scale != InDecimal;
    }

    public int Integer(int column) => (int)_integers[column];

    public long Bigint(int column) => _integers[column];

    public DateOnly Date(int column) => DateOnly.FromDayNumber((int)_integers[column]);

    public bool Boolean(int column) => _integers[column] == 1;
}
