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
}
