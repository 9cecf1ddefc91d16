using NpgsqlTypes;

namespace B3.Processor.Parsing;

/// <summary>
/// A parsed row's values in column order, as an <see cref="IWholeRowTarget"/> takes them: per column its PostgreSQL
/// type, whether it has a value, and the value in the member its type reads. Each kind of value lives in its own array,
/// so a parser stores a number without touching a text slot.
/// </summary>
public readonly ref struct RowValues
{
    private readonly ReadOnlySpan<NpgsqlDbType> _types;
    private readonly ReadOnlySpan<bool> _hasValue;
    private readonly ReadOnlySpan<long> _integers;
    private readonly ReadOnlySpan<decimal> _numerics;
    private readonly ReadOnlySpan<string?> _texts;

    internal RowValues(
        ReadOnlySpan<NpgsqlDbType> types,
        ReadOnlySpan<bool> hasValue,
        ReadOnlySpan<long> integers,
        ReadOnlySpan<decimal> numerics,
        ReadOnlySpan<string?> texts)
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
