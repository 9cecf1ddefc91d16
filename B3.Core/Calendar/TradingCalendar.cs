namespace B3.Core.Calendar;

/// <summary>
/// B3 trading days: every weekday that is not a holiday of the rule table. Years outside
/// [<see cref="FirstYear"/>, <see cref="LastYear"/>] are refused rather than guessed.
/// </summary>
public sealed class TradingCalendar
{
    private readonly Dictionary<int, IReadOnlyDictionary<DateOnly, Holiday>> _years = [];

    public TradingCalendar(IEnumerable<HolidayRule> rules, int firstYear, int lastYear)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);
        FirstYear = firstYear;
        LastYear = lastYear;
        var table = rules.ToList();
        for (var year = firstYear; year <= lastYear; year++)
        {
            var holidays = new Dictionary<DateOnly, Holiday>();
            foreach (var rule in table)
            {
                if (rule.DateIn(year) is { } date && !IsWeekend(date))
                {
                    holidays.TryAdd(date, new Holiday(date, rule.Name));
                }
            }

            _years[year] = holidays;
        }
    }

    /// <summary>B3's calendar from <see cref="B3Holidays"/>.</summary>
    public static TradingCalendar B3 { get; } = new(B3Holidays.Rules, B3Holidays.FirstYear, B3Holidays.LastYear);

    public int FirstYear { get; }

    public int LastYear { get; }

    public bool Covers(DateOnly date) => date.Year >= FirstYear && date.Year <= LastYear;

    public bool IsTradingDay(DateOnly date) => !IsWeekend(date) && !HolidaysOf(date.Year).ContainsKey(date);

    /// <summary>The weekday holiday on <paramref name="date"/>, if any.</summary>
    public Holiday? HolidayOn(DateOnly date) => HolidaysOf(date.Year).GetValueOrDefault(date);

    /// <summary>The weekday closures of <paramref name="year"/>, in date order.</summary>
    public IReadOnlyList<Holiday> HolidaysIn(int year) => [.. HolidaysOf(year).Values.OrderBy(h => h.Date)];

    /// <summary>Why B3 does not trade on <paramref name="date"/> ("Saturday", "Natal"), or null on a trading day.</summary>
    public string? NonTradingReason(DateOnly date) =>
        IsWeekend(date) ? date.DayOfWeek.ToString() : HolidayOn(date)?.Name;

    /// <summary>The first trading day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextTradingDay(DateOnly date) => Step(date, 1);

    /// <summary>The last trading day strictly before <paramref name="date"/>.</summary>
    public DateOnly PreviousTradingDay(DateOnly date) => Step(date, -1);

    /// <summary>The trading days in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
    public IEnumerable<DateOnly> TradingDays(DateOnly from, DateOnly to)
    {
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (IsTradingDay(date))
            {
                yield return date;
            }
        }
    }

    /// <summary>The <paramref name="count"/> trading days up to and including <paramref name="last"/> when it trades, oldest first.</summary>
    public IReadOnlyList<DateOnly> TradingDaysEndingAt(DateOnly last, int count)
    {
        var days = new List<DateOnly>(count);
        var date = IsTradingDay(last) ? last : PreviousTradingDay(last);
        while (days.Count < count)
        {
            days.Add(date);
            if (days.Count < count)
            {
                date = PreviousTradingDay(date);
            }
        }

        days.Reverse();
        return days;
    }

    private DateOnly Step(DateOnly date, int direction)
    {
        do
        {
            date = date.AddDays(direction);
        }
        while (!IsTradingDay(date));

        return date;
    }

    private IReadOnlyDictionary<DateOnly, Holiday> HolidaysOf(int year) =>
        _years.TryGetValue(year, out var holidays)
            ? holidays
            : throw new ArgumentOutOfRangeException(nameof(year), year, $"The B3 trading calendar covers {FirstYear}–{LastYear}; {year} is outside it (extend B3Holidays).");

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
