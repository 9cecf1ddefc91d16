using System.Runtime.InteropServices;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// The checks a table's rows must pass (the seeds' validation): required values, no negative prices, high not below
/// low, and a natural key seen once per file (dates are checked as they are parsed). Declared once per table; each
/// file gets a fresh <see cref="RowValidator"/> from <see cref="Start"/>.
/// </summary>
internal sealed class RowRules(TableSchema schema)
{
    private const int MaxCode = 999;

    // The checks as data, run in this order, rather than a delegate per check: without tiered compilation
    // (B3.Processor.csproj) nothing would turn those calls back into direct ones.
    private readonly List<int> _required = [];
    private readonly List<(int Column, Func<RowBuffer, bool>? Exempt)> _notNegative = [];
    private readonly List<(int High, int Low)> _notBelow = [];
    private int[] _keyColumns = [];

    public TableSchema Schema => schema;

    public RowRules Required(params string[] columns)
    {
        _required.AddRange(columns.Select(schema.IndexOf));
        return this;
    }

    /// <summary>Values that cannot be negative, except on rows <paramref name="exempt"/> says may quote below zero.</summary>
    public RowRules NotNegative(IEnumerable<string> columns, Func<RowBuffer, bool>? exempt = null)
    {
        _notNegative.AddRange(columns.Select(column => (schema.IndexOf(column), exempt)));
        return this;
    }

    /// <summary>A numeric column that cannot be below another (high and low of the day); a null on either side passes.</summary>
    public RowRules NotBelow(string high, string low)
    {
        _notBelow.Add((schema.IndexOf(high), schema.IndexOf(low)));
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
        foreach (var column in CollectionsMarshal.AsSpan(_required))
        {
            if (row.IsNull(column))
            {
                return $"{row.Label(column)} is required but empty";
            }
        }

        foreach (var (column, exempt) in CollectionsMarshal.AsSpan(_notNegative))
        {
            if (row.IsNegative(column) && exempt?.Invoke(row) != true)
            {
                return $"{row.Label(column)} is negative: {row.Format(column)}";
            }
        }

        foreach (var (high, low) in CollectionsMarshal.AsSpan(_notBelow))
        {
            if (row.IsBelow(high, low))
            {
                return $"{row.Label(high)} {row.Format(high)} is below {row.Label(low)} {row.Format(low)}";
            }
        }

        return null;
    }

    /// <summary>The row's natural key: its date, ticker and codes packed three decimal digits each; false when the table has none.</summary>
    internal bool TryGetKey(RowBuffer row, out DateOnly date, out string ticker, out int codes)
    {
        (date, ticker, codes) = (default, string.Empty, 0);
        if (_keyColumns.Length == 0)
        {
            return false;
        }

        foreach (var column in _keyColumns.AsSpan(2))
        {
            var code = row.Integer(column) ?? 0;
            if (code is < 0 or > MaxCode)
            {
                throw new InvalidOperationException($"{row.Label(column)} {code} does not fit a natural-key code.");
            }

            codes = (codes * (MaxCode + 1)) + (int)code;
        }

        date = row.Date(_keyColumns[0]) ?? default;
        ticker = row.Text(_keyColumns[1]) ?? string.Empty;
        return true;
    }

    internal string DescribeKey(RowBuffer row) =>
        $"({string.Join(", ", _keyColumns.Select(row.Label))}) = ({string.Join(", ", _keyColumns.Select(row.Format))})";
}
