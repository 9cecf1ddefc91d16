namespace B3.Processor.Parsing.Common;

/// <summary>
/// Checks the rows of one file against its table's <see cref="RowRules"/>, remembering the keys of the day being read.
/// B3 sorts its files by trading date (b3-data-formats.md §7.3), so a day's rows come together and only that day's
/// keys are kept: a yearly COTAHIST's three million keys would cost a hundred megabytes and miss the processor's cache
/// on nearly every lookup, where one day's set stays warm and is reused. A day whose rows resume after another day's
/// fails the file, because its earlier keys are gone.
/// </summary>
internal sealed class RowValidator(RowRules rules)
{
    private readonly HashSet<NaturalKey> _keysOfDay = [];
    private readonly HashSet<DateOnly> _daysRead = [];
    private DateOnly? _day;

    // Tickers that do not pack into a key (longer than B3's, or not ASCII), numbered in the order the file shows them.
    private readonly Dictionary<string, int> _tickerNumbers = new(StringComparer.Ordinal);

    /// <summary>Why the row must be rejected, or null. A rejected row's key is not remembered: a later valid row loads.</summary>
    public string? Check(RowBuffer row)
    {
        if ((row.Error ?? rules.Check(row)) is { } reason)
        {
            return reason;
        }

        if (!rules.TryGetKey(row, out var date, out var ticker, out var codes))
        {
            return null;
        }

        if (date != _day)
        {
            StartDay(date);
        }

        return _keysOfDay.Add(KeyOf(ticker, codes))
            ? null
            : $"duplicate natural key {rules.DescribeKey(row)}: an earlier row of this file has the same key";
    }

    private void StartDay(DateOnly date)
    {
        if (!_daysRead.Add(date))
        {
            throw new InvalidFileException(
                $"rows dated {date:yyyy-MM-dd} resume after rows dated {_day:yyyy-MM-dd}: B3 lists each trading day's rows together, in date order, and this file does not");
        }

        _keysOfDay.Clear();
        _day = date;
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
}
