using B3.Core.Calendar;

namespace B3.Processor.Parsing.CorporateActions;

/// <summary>
/// The ex date of an event: the trading session after its last day <i>com</i> (b3-corporate-actions.md §4). Before the
/// years the calendar knows, the next weekday stands in: a holiday has no quotes, so it splits a price series exactly
/// where the next session would.
/// </summary>
internal static class ExDates
{
    public static DateOnly After(DateOnly lastDatePrior)
    {
        var calendar = TradingCalendar.B3;
        var date = lastDatePrior.AddDays(1);
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || (calendar.Covers(date) && !calendar.IsTradingDay(date)))
        {
            date = date.AddDays(1);
        }

        return date;
    }
}
