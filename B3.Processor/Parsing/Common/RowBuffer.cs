using System.Globalization;
using NpgsqlTypes;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// One row being parsed: a value per column of the schema, and the first problem found, if any. It is reused for every
/// row of a file, so values live in unboxed slots and only text needs an object.
/// </summary>
internal sealed class RowBuffer(TableSchema schema, IReadOnlyList<string> labels)
{
    private readonly Slot[] _slots = new Slot[schema.Columns.Count];
    private readonly ColumnType[] _types = [.. schema.Columns.Select(column => column.Type)];

    public TableSchema Schema => schema;

    /// <summary>Why the row cannot load; the first problem wins.</summary>
    public string? Error { get; private set; }

    /// <summary>The name the file gives the column (a header name, a COTAHIST field), for reasons a person reads.</summary>
    public string Label(int column) => labels[column];

    public void Clear()
    {
        Array.Clear(_slots);
        Error = null;
    }

    public void Fail(string reason) => Error ??= reason;

    public void FailInvalid(int column, string text, string expected) => Fail($"{Label(column)} is not {expected}: '{text}'");

    public void SetNull(int column) => _slots[column] = default;

    public void SetText(int column, string? value) => _slots[column] = new Slot { HasValue = value is not null, Text = value };

    public void SetNumeric(int column, decimal value) => _slots[column] = new Slot { HasValue = true, Numeric = value };

    public void SetInteger(int column, long value) => _slots[column] = new Slot { HasValue = true, Integer = value };

    public void SetBoolean(int column, bool value) => SetInteger(column, value ? 1 : 0);

    public void SetDate(int column, DateOnly? value) =>
        _slots[column] = value is { } date ? new Slot { HasValue = true, Integer = date.DayNumber } : default;

    public bool IsNull(int column) => !_slots[column].HasValue;

    public string? Text(int column) => _slots[column].Text;

    public decimal? Numeric(int column) => _slots[column].HasValue ? _slots[column].Numeric : null;

    public long? Integer(int column) => _slots[column].HasValue ? _slots[column].Integer : null;

    public ColumnType TypeOf(int column) => _types[column];

    public bool IsNegative(int column) => _slots[column].HasValue && _types[column] switch
    {
        ColumnType.Numeric => _slots[column].Numeric < 0,
        ColumnType.Integer or ColumnType.Bigint => _slots[column].Integer < 0,
        _ => false,
    };

    public DateOnly? Date(int column) => _slots[column].HasValue ? DateOnly.FromDayNumber((int)_slots[column].Integer) : null;

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
                    target.Date(DateOnly.FromDayNumber((int)slot.Integer), NpgsqlDbType.Date);
                    break;
                case ColumnType.Numeric:
                    target.Numeric(slot.Numeric, NpgsqlDbType.Numeric);
                    break;
                case ColumnType.Integer:
                    target.Integer((int)slot.Integer, NpgsqlDbType.Integer);
                    break;
                case ColumnType.Bigint:
                    target.Bigint(slot.Integer, NpgsqlDbType.Bigint);
                    break;
                case ColumnType.Boolean:
                    target.Boolean(slot.Integer == 1, NpgsqlDbType.Boolean);
                    break;
                default:
                    throw new InvalidOperationException($"Column {schema.Columns[column].Name} has no writer for {schema.Columns[column].Type}.");
            }
        }
    }

    private struct Slot
    {
        public bool HasValue;
        public long Integer;
        public decimal Numeric;
        public string? Text;
    }
}
