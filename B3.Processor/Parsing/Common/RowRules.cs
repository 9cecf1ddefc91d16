namespace B3.Processor.Parsing.Common;

/// <summary>
/// The checks a table's rows must pass (the seeds' validation): required values, no negative prices, high not below
/// low, and a natural key seen once per file (dates are checked as they are parsed). Declared once per table; each
/// file gets a fresh <see cref="RowValidator"/> from <see cref="Start"/>.
/// </summary>
internal sealed class RowRules(TableSchema schema)
{
    private const int MaxCode = 999;

    private readonly List<Func<RowBuffer, string?>> _checks = [];
    private int[] _keyColumns = [];

    public TableSchema Schema => schema;

    public RowRules Required(params string[] columns)
    {
        foreach (var column in columns.Select(schema.IndexOf))
        {
            _checks.Add(row => row.IsNull(column) ? $"{row.Label(column)} is required but empty" : null);
        }

        return this;
    }

    /// <summary>Values that cannot be negative, except on rows <paramref name="exempt"/> says may quote below zero.</summary>
    public RowRules NotNegative(IEnumerable<string> columns, Func<RowBuffer, bool>? exempt = null)
    {
        foreach (var column in columns.Select(schema.IndexOf))
        {
            _checks.Add(row => row.IsNegative(column) && exempt?.Invoke(row) != true
                ? $"{row.Label(column)} is negative: {row.Format(column)}"
                : null);
        }

        return this;
    }

    /// <summary>A numeric column that cannot be below another (high and low of the day); a null on either side passes.</summary>
    public RowRules NotBelow(string high, string low)
    {
        var (highColumn, lowColumn) = (schema.IndexOf(high), schema.IndexOf(low));
        _checks.Add(row => row.Numeric(highColumn) < row.Numeric(lowColumn)
            ? $"{row.Label(highColumn)} {row.Format(highColumn)} is below {row.Label(lowColumn)} {row.Format(lowColumn)}"
            : null);
        return this;
    }

    /// <summary>The natural key: the schema's date column, a ticker, and up to two three-digit codes.</summary>
    public RowRules UniqueKey(string ticker, params string[] codes)
    {
        if (codes.Length > 2)
        {
            throw new ArgumentException("A natural key packs at most two codes.", nameof(codes));
        }

        _keyColumns = [schema.DateIndex, schema.IndexOf(ticker), .. codes.Select(schema.IndexOf)];
        return this;
    }

    public RowValidator Start() => new(this);

    internal string? Check(RowBuffer row)
    {
        foreach (var check in _checks)
        {
            if (check(row) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    internal NaturalKey? KeyOf(RowBuffer row)
    {
        if (_keyColumns.Length == 0)
        {
            return null;
        }

        var codes = 0;
        foreach (var column in _keyColumns.AsSpan(2))
        {
            var code = row.Integer(column) ?? 0;
            if (code is < 0 or > MaxCode)
            {
                throw new InvalidOperationException($"{row.Label(column)} {code} does not fit a natural-key code.");
            }

            codes = (codes * (MaxCode + 1)) + (int)code;
        }

        return new NaturalKey(row.Date(_keyColumns[0]) ?? default, row.Text(_keyColumns[1]) ?? string.Empty, codes);
    }

    internal string DescribeKey(RowBuffer row) =>
        $"({string.Join(", ", _keyColumns.Select(row.Label))}) = ({string.Join(", ", _keyColumns.Select(row.Format))})";
}
