using System.Runtime.CompilerServices;
using NpgsqlTypes;

namespace B3.Processor.Parsing;

/// <summary>
/// One value of a parsed row, unboxed: its PostgreSQL type, whether it is null, and the value in the member its type
/// reads (<see cref="Text"/>, <see cref="Numeric"/>, or a whole number that also holds dates and booleans).
/// </summary>
public readonly struct ColumnValue
{
    private readonly long _integer;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ColumnValue(NpgsqlDbType type, bool hasValue, long integer = 0, decimal numeric = 0, string? text = null)
    {
        Type = type;
        HasValue = hasValue;
        _integer = integer;
        Numeric = numeric;
        Text = text;
    }

    public NpgsqlDbType Type { get; }

    public bool HasValue { get; }

    public string? Text { get; }

    public decimal Numeric { get; }

    public int Integer => (int)_integer;

    public long Bigint => _integer;

    public DateOnly Date => DateOnly.FromDayNumber((int)_integer);

    public bool Boolean => _integer == 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ColumnValue Null(NpgsqlDbType type) => new(type, hasValue: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ColumnValue OfText(NpgsqlDbType type, string? text) => new(type, text is not null, text: text);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ColumnValue OfNumeric(NpgsqlDbType type, decimal value) => new(type, hasValue: true, numeric: value);

    /// <summary>A whole number, a date's day number or a boolean's 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ColumnValue OfInteger(NpgsqlDbType type, long value) => new(type, hasValue: true, integer: value);
}
