using System.Globalization;
using NpgsqlTypes;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// One row being parsed: a value per column of the schema, and the first problem found, if any. It is reused for every
/// row of a file, so values live in unboxed slots and only text needs an object.
/// </summary>
internal sealed class RowBuffer(TableSchema schema, IReadOnlyList<string> labels)
{
    private readonly ColumnType[] _types = [.. schema.Columns.Select(column => column.Type)];
    private readonly NpgsqlDbType[] _databaseTypes = [.. schema.Columns.Select(column => DatabaseType(column.Type))];
    private readonly ColumnValue[] _nulls = [.. schema.Columns.Select(column => ColumnValue.Null(DatabaseType(column.Type)))];
    private readonly ColumnValue[] _slots = [.. schema.Columns.Select(column => ColumnValue.Null(DatabaseType(column.Type)))];

    public TableSchema Schema => schema;

    /// <summary>Why the row cannot load; the first problem wins.</summary>
    public string? Error { get; private set; }

    /// <summary>The name the file gives the column (a header name, a COTAHIST field), for reasons a person reads.</summary>
    public string Label(int column) => labels[column];

    /// <summary>The row's values in column order, as a <see cref="IWholeRowTarget"/> takes them.</summary>
    public ReadOnlySpan<ColumnValue> Values => _slots;

    public void Clear()
    {
        _nulls.CopyTo(_slots.AsSpan());
        Error = null;
    }

    /// <summary>Starts a row without clearing its values, for a reader that sets every column.</summary>
    public void ClearError() => Error = null;

    public void Fail(string reason) => Error ??= reason;

    public void FailInvalid(int column, string text, string expected) => Fail($"{Label(column)} is not {expected}: '{text}'");

    public void SetNull(int column) => _slots[column] = _nulls[column];

    public void SetText(int column, string? value) => _slots[column] = ColumnValue.OfText(_databaseTypes[column], value);

    public void SetNumeric(int column, decimal value) => _slots[column] = ColumnValue.OfNumeric(_databaseTypes[column], value);

    public void SetInteger(int column, long value) => _slots[column] = ColumnValue.OfInteger(_databaseTypes[column], value);

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

    public bool IsNull(int column) => !_slots[column].HasValue;

    public string? Text(int column) => _slots[column].Text;

    public decimal? Numeric(int column) => _slots[column].HasValue ? _slots[column].Numeric : null;

    public long? Integer(int column) => _slots[column].HasValue ? _slots[column].Bigint : null;

    public ColumnType TypeOf(int column) => _types[column];

    public bool IsNegative(int column) => _slots[column].HasValue && _types[column] switch
    {
        ColumnType.Numeric => _slots[column].Numeric < 0,
        ColumnType.Integer or ColumnType.Bigint => _slots[column].Bigint < 0,
        _ => false,
    };

    public DateOnly? Date(int column) => _slots[column].HasValue ? _slots[column].Date : null;

    /// <summary>The value as a person reads it in a reason.</summary>
    public string Format(int column) => IsNull(column) ? "null" : _types[column] switch
    {
        ColumnType.Text => Text(column)!,
        ColumnType.Date => Date(column)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ColumnType.Numeric => Numeric(column)!.Value.ToString(CultureInfo.InvariantCulture),
        ColumnType.Boolean => Integer(column) == 1 ? "true" : "false",
        _ => Integer(column)!.Value.ToString(CultureInfo.InvariantCulture),
    };

    public void WriteTo(RowWriter target)
    {
        for (var column = 0; column < _slots.Length; column++)
        {
            ref readonly var slot = ref _slots[column];
            if (!slot.HasValue)
            {
                target.WriteNull();
                continue;
            }

            switch (_types[column])
            {
                case ColumnType.Text:
                    target.Text(slot.Text!, NpgsqlDbType.Text);
                    break;
                case ColumnType.Date:
                    target.Date(slot.Date, NpgsqlDbType.Date);
                    break;
                case ColumnType.Numeric:
                    target.Numeric(slot.Numeric, NpgsqlDbType.Numeric);
                    break;
                case ColumnType.Integer:
                    target.Integer(slot.Integer, NpgsqlDbType.Integer);
                    break;
                case ColumnType.Bigint:
                    target.Bigint(slot.Bigint, NpgsqlDbType.Bigint);
                    break;
                case ColumnType.Boolean:
                    target.Boolean(slot.Boolean, NpgsqlDbType.Boolean);
                    break;
                default:
                    throw new InvalidOperationException($"Column {schema.Columns[column].Name} has no writer for {schema.Columns[column].Type}.");
            }
        }
    }

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
