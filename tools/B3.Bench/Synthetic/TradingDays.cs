using B3.Core.Calendar;

namespace B3.Bench.Synthetic;

public static class TradingDays
{
    /// <summary>The first <paramref name="count"/> B3 trading days from <paramref name="from"/> on.</summary>
    public static IReadOnlyList<DateOnly> From(DateOnly from, int count)
    {
        var days = new List<DateOnly>(count);
        for (var day = from; days.Count < count; day = day.AddDays(1))
        {
            if (TradingCalendar.B3.IsTradingDay(day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    /// <summary>
    /// The first <paramref name="count"/> weekdays from <paramref name="from"/> on: trading days enough for a synthetic
    /// year outside the years B3's calendar covers (its holidays are known from 2014).
    /// </summary>
    public static IReadOnlyList<DateOnly> Weekdays(DateOnly from, int count)
    {
        var days = new List<DateOnly>(count);
        for (var day = from; days.Count < count; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days.Add(day);
            }
        }

        return days;
    }
}
