namespace B3.Processor.Parsing.Common;

/// <summary>Checks the rows of one file against its table's <see cref="RowRules"/>, remembering the keys seen so far.</summary>
internal sealed class RowValidator(RowRules rules)
{
    private readonly HashSet<NaturalKey> _keys = [];

    /// <summary>Why the row must be rejected, or null. A rejected row's key is not remembered: a later valid row loads.</summary>
    public string? Check(RowBuffer row)
    {
        if ((row.Error ?? rules.Check(row)) is { } reason)
        {
            return reason;
        }

        return rules.KeyOf(row) is { } key && !_keys.Add(key)
            ? $"duplicate natural key {rules.DescribeKey(row)}: an earlier row of this file has the same key"
            : null;
    }
}
