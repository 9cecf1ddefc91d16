using System.Globalization;
using System.Runtime.CompilerServices;
using NpgsqlTypes;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// One row being parsed: a value per column of the schema, and the first problem found, if any. It is reused for every
/// row of a file, so values live unboxed, in one array per kind of value (whole numbers, which also hold dates and
/// booleans; numerics; text) beside a flag per column for whether it has a value. A numeric read from digits with
/// implied decimals is kept as those digits and its scale, and becomes a decimal only when it is read as one.
/// </summary>
/// <remarks>
/// The accessors that readers and rules call for every value are inlined by request: the Processor runs without tiered
/// compilation (B3.Processor.csproj), whose profile would otherwise have inlined them.
/// </remarks>
internal sealed class RowBuffer(TableSchema schema, IReadOnlyList<string> labels)
{
    private readonly ColumnType[] _types = [.. schema.Columns.Select(column => column.Type)];
    private readonly NpgsqlDbType[] _databaseTypes = [.. schema.Columns.Select(column => DatabaseType(column.Type))];
    private readonly bool[] _hasValue = new bool[schema.Columns.Count];
    private readonly long[] _integers = new long[schema.Columns.Count];
    private readonly decimal[] _numerics = new decimal[schema.Columns.Count];
    private readonly byte[] _scales = new byte[schema.Columns.Count];
    private readonly string?[] _texts = new string?[schema.Columns.Count];
    private RowValues? _values;

    public TableSchema Schema => schema;

    /// <summary>Why the row cannot load; the first problem wins.</summary>
    public string? Error { get; private set; }

    /// <summary>The name the file gives the column (a header name, a COTAHIST field), for reasons a person reads.</summary>
    public string Label(int column) => labels[column];

    /// <summary>The row's values in column order, as an <see cref="IRowTarget"/> takes them.</summary>
    public RowValues Values => _values ??= new(_databaseTypes, _hasValue, _integers, _numerics, _scales, _texts);

    public void Clear()
    {
        _hasValue.AsSpan().Clear();
        Error = null;
    }

    /// <summary>Starts a row without clearing its values, for a reader that sets every column.</summary>
    public void ClearError() => Error = null;

    public void Fail(string reason) => Error ??= reason;

    public void FailInvalid(int column, string text, string expected) => Fail($"{Label(column)} is not {expected}: '{text}'");

    public void SetNull(int column) => _hasValue[column] = false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetText(int column, string? value)
    {
        _texts[column] = value;
        _hasValue[column] = value is not null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetNumeric(int column, decimal value)
    {
        _numerics[column] = value;
        _scales[column] = RowValues.InDecimal;
        _hasValue[column] = true;
    }

    /// <summary>A numeric as whole digits and the number of them after the point: 3585 with scale 2 is 35.85.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetNumeric(int column, long unscaled, byte scale)
    {
        _integers[column] = unscaled;
        _scales[column] = scale;
        _hasValue[column] = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetInteger(int column, long value)
    {
        _integers[column] = value;
        _hasValue[column] = true;
    }

    public void SetBoolean(int column, bool value) => SetInteger(column, value ? 1 : 0);

    public void SetDate(int column, DateOnly? value)
    {
        if (value is { } date)
        {
            SetInteger(column, date.DayNumber);
        }
        else
        {
            SetNull(column);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int column) => !_hasValue[column];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string? Text(int column) => _hasValue[column] ? _texts[column] : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public decimal? Numeric(int column) => _hasValue[column] ? Values.Numeric(column) : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long? Integer(int column) => _hasValue[column] ? _integers[column] : null;

    public ColumnType TypeOf(int column) => _types[column];

    /// <summary>Whether both values are there and the first is below the second, compared as digits when their scales match.</summary>
    public bool IsBelow(int column, int other)
    {
        if (!_hasValue[column] || !_hasValue[other])
        {
            return false;
        }

        return _scales[column] == _scales[other] && _scales[column] != RowValues.InDecimal
            ? _integers[column] < _integers[other]
            : Values.Numeric(column) < Values.Numeric(other);
    }

    public bool IsNegative(int column) => _hasValue[column] && _types[column] switch
    {
        ColumnType.Numeric => Values.Numeric(column) < 0,
        ColumnType.Integer or ColumnType.Bigint => _integers[column] < 0,
        _ => false,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateOnly? Date(int column) => _hasValue[column] ? DateOnly.FromDayNumber((int)_integers[column]) : null;

    /// <summary>The value as a person reads it in a reason.</summary>
    public string Format(int column) => IsNull(column) ? "null" : _types[column] switch
    {
        ColumnType.Text => Text(column)!,
        ColumnType.Date => Date(column)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ColumnType.Numeric => Numeric(column)!.Value.ToString(CultureInfo.InvariantCulture),
        ColumnType.Boolean => Integer(column) == 1 ? "true" : "false",
        _ => Integer(column)!.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static NpgsqlDbType DatabaseType(ColumnType type) => type switch
    {
        ColumnType.Text => NpgsqlDbType.Text,
        ColumnType.Date => NpgsqlDbType.Date,
        ColumnType.Numeric => NpgsqlDbType.Numeric,
        ColumnType.Integer => NpgsqlDbType.Integer,
        ColumnType.Bigint => NpgsqlDbType.Bigint,
        ColumnType.Boolean => NpgsqlDbType.Boolean,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No PostgreSQL type for this column type."),
    };
}
