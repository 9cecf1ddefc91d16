namespace B3.Processor.Parsing.Common;

/// <summary>Checks the rows of one file against its table's <see cref="RowRules"/>, remembering the keys seen so far.</summary>
internal sealed class RowValidator(RowRules rules)
{
    // One set per date: a day's keys stay few enough to sit in the processor's cache, where one set of a yearly
    // COTAHIST's three million keys misses it on nearly every lookup; each new day's set starts at the last one's size.
    private readonly Dictionary<DateOnly, HashSet<NaturalKey>> _keysByDate = [];
    private HashSet<NaturalKey>? _lastKeys;
    private DateOnly _lastDate;

    // Tickers that do not pack into a key (longer than B3's, or not ASCII), numbered in the order the file shows them.
    private readonly Dictionary<string, int> _tickerNumbers = new(StringComparer.Ordinal);

    /// <summary>Why the row must be rejected, or null. A rejected row's key is not remembered: a later valid row loads.</summary>
    public string? Check(RowBuffer row)
    {
        if ((row.Error ?? rules.Check(row)) is { } reason)
        {
            return reason;
        }

        return rules.TryGetKey(row, out var date, out var ticker, out var codes) && !KeysOf(date).Add(KeyOf(ticker, codes))
            ? $"duplicate natural key {rules.DescribeKey(row)}: an earlier row of this file has the same key"
            : null;
    }

    private NaturalKey KeyOf(string ticker, int codes)
    {
        if (NaturalKey.TryPack(ticker, codes, out var key))
        {
            return key;
        }

        if (!_tickerNumbers.TryGetValue(ticker, out var number))
        {
            number = _tickerNumbers.Count;
            _tickerNumbers.Add(ticker, number);
        }

        return NaturalKey.OfNumberedTicker(number, codes);
    }

    private HashSet<NaturalKey> KeysOf(DateOnly date)
    {
        if (_lastKeys is null || date != _lastDate)
        {
            if (!_keysByDate.TryGetValue(date, out var keys))
            {
                keys = new HashSet<NaturalKey>(_lastKeys?.Count ?? 0);
                _keysByDate.Add(date, keys);
            }

            (_lastKeys, _lastDate) = (keys, date);
        }

        return _lastKeys;
    }
}
