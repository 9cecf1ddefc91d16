using B3.Core.Calendar;

namespace B3.Downloader.Tests.Calendar;

public sealed class TradingCalendarTests
{
    /// <summary>
    /// B3's weekday closures: 2014–2023 from bizdays' Brazil/B3 calendar (R-bizdays inst/extdata/Brazil_B3.json), whose
    /// 2023-02-22 (Ash Wednesday, a trading day opening at 13:00) is left out; 2024–2026 from b3-data-formats.md §8.2.
    /// </summary>
    private static readonly Dictionary<int, string[]> Closures = new()
    {
        [2014] = ["01-01", "03-03", "03-04", "04-18", "04-21", "05-01", "06-12", "06-19", "07-09", "11-20", "12-24", "12-25", "12-31"],
        [2015] = ["01-01", "02-16", "02-17", "04-03", "04-21", "05-01", "06-04", "07-09", "09-07", "10-12", "11-02", "11-20", "12-24", "12-25", "12-31"],
        [2016] = ["01-01", "01-25", "02-08", "02-09", "03-25", "04-21", "05-26", "09-07", "10-12", "11-02", "11-15", "12-30"],
        [2017] = ["01-25", "02-27", "02-28", "04-14", "04-21", "05-01", "06-15", "09-07", "10-12", "11-02", "11-15", "11-20", "12-25", "12-29"],
        [2018] = ["01-01", "01-25", "02-12", "02-13", "03-30", "05-01", "05-31", "07-09", "09-07", "10-12", "11-02", "11-15", "11-20", "12-24", "12-25", "12-31"],
        [2019] = ["01-01", "01-25", "03-04", "03-05", "04-19", "05-01", "06-20", "07-09", "11-15", "11-20", "12-24", "12-25", "12-31"],
        [2020] = ["01-01", "02-24", "02-25", "04-10", "04-21", "05-01", "06-11", "09-07", "10-12", "11-02", "12-24", "12-25", "12-31"],
        [2021] = ["01-01", "01-25", "02-15", "02-16", "04-02", "04-21", "06-03", "07-09", "09-07", "10-12", "11-02", "11-15", "12-24", "12-31"],
        [2022] = ["02-28", "03-01", "04-15", "04-21", "06-16", "09-07", "10-12", "11-02", "11-15", "12-30"],
        [2023] = ["02-20", "02-21", "04-07", "04-21", "05-01", "06-08", "09-07", "10-12", "11-02", "11-15", "12-25", "12-29"],
        [2024] = ["01-01", "02-12", "02-13", "03-29", "05-01", "05-30", "11-15", "11-20", "12-24", "12-25", "12-31"],
        [2025] = ["01-01", "03-03", "03-04", "04-18", "04-21", "05-01", "06-19", "11-20", "12-24", "12-25", "12-31"],
        [2026] = ["01-01", "02-16", "02-17", "04-03", "04-21", "05-01", "06-04", "09-07", "10-12", "11-02", "11-20", "12-24", "12-25", "12-31"],
    };

    public static TheoryData<int> Years => [.. Closures.Keys];

    [Theory]
    [MemberData(nameof(Years))]
    public void EveryWeekdayClosureOfTheYearMatchesB3sPublishedCalendar(int year)
    {
        var expected = Closures[year].Select(day => DateOnly.ParseExact($"{year}-{day}", "yyyy-MM-dd")).ToList();

        var actual = TradingCalendar.B3.HolidaysIn(year).Select(h => h.Date).ToList();

        Assert.Equal(expected, actual);
        Assert.All(expected, date => Assert.False(TradingCalendar.B3.IsTradingDay(date)));
    }

    [Theory]
    [InlineData("2025-12-25", "Natal")]
    [InlineData("2025-12-24", "Véspera de Natal")]
    [InlineData("2025-12-31", "Último dia útil do ano")]
    [InlineData("2023-12-29", "Último dia útil do ano")]
    [InlineData("2024-11-20", "Dia Nacional de Zumbi e da Consciência Negra")]
    [InlineData("2021-01-25", "Aniversário de São Paulo")]
    [InlineData("2025-03-04", "Carnaval (terça-feira)")]
    [InlineData("2025-06-19", "Corpus Christi")]
    [InlineData("2025-12-06", "Saturday")]
    [InlineData("2025-12-07", "Sunday")]
    public void NamesWhyADayDoesNotTrade(string day, string reason)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(TradingCalendar.B3.IsTradingDay(date));
        Assert.Equal(reason, TradingCalendar.B3.NonTradingReason(date));
    }

    [Theory]
    [InlineData("2025-12-05")]
    [InlineData("2023-02-22")] // Ash Wednesday opens at 13:00
    [InlineData("2022-01-25")] // São Paulo's anniversary trades since 2022
    [InlineData("2023-11-20")] // Consciência Negra traded in 2022–2023
    [InlineData("2020-07-09")] // pandemic year
    [InlineData("2024-07-09")]
    public void TradesOnDaysThatLookLikeHolidays(string day)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(TradingCalendar.B3.IsTradingDay(date));
        Assert.Null(TradingCalendar.B3.NonTradingReason(date));
    }

    [Fact]
    public void StepsOverWeekendsAndHolidays()
    {
        var calendar = TradingCalendar.B3;

        Assert.Equal(new DateOnly(2025, 12, 26), calendar.NextTradingDay(new DateOnly(2025, 12, 23)));
        Assert.Equal(new DateOnly(2026, 1, 2), calendar.NextTradingDay(new DateOnly(2025, 12, 30)));
        Assert.Equal(new DateOnly(2025, 12, 30), calendar.PreviousTradingDay(new DateOnly(2026, 1, 2)));
        Assert.Equal(new DateOnly(2025, 11, 19), calendar.PreviousTradingDay(new DateOnly(2025, 11, 21)));
        Assert.Equal(
            [new DateOnly(2025, 12, 22), new DateOnly(2025, 12, 23), new DateOnly(2025, 12, 26), new DateOnly(2025, 12, 29), new DateOnly(2025, 12, 30)],
            calendar.TradingDays(new DateOnly(2025, 12, 20), new DateOnly(2026, 1, 1)));
        Assert.Equal(
            [new DateOnly(2025, 12, 26), new DateOnly(2025, 12, 29), new DateOnly(2025, 12, 30)],
            calendar.TradingDaysEndingAt(new DateOnly(2025, 12, 31), 3));
    }

    [Fact]
    public void CoversTwentyFourteenThroughTwentyTwentySevenAndRefusesToGuessBeyond()
    {
        var calendar = TradingCalendar.B3;

        Assert.Equal(2014, calendar.FirstYear);
        Assert.Equal(2027, calendar.LastYear);
        Assert.Equal(new DateOnly(2027, 3, 26), calendar.HolidayOn(new DateOnly(2027, 3, 26))?.Date); // Good Friday 2027
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => calendar.IsTradingDay(new DateOnly(2028, 1, 3)));
        Assert.Contains("2014–2027", outside.Message);
    }

    [Fact]
    public void ExtendsWithAnotherRuleTable()
    {
        HolidayRule[] rules = [.. B3Holidays.Rules, new OneOffHoliday("Fechamento extraordinário", new DateOnly(2026, 3, 10))];

        var calendar = new TradingCalendar(rules, 2026, 2028);

        Assert.False(calendar.IsTradingDay(new DateOnly(2026, 3, 10)));
        Assert.True(TradingCalendar.B3.IsTradingDay(new DateOnly(2026, 3, 10)));
        Assert.False(calendar.IsTradingDay(new DateOnly(2028, 4, 14))); // Good Friday 2028
    }

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    public void FindsEasterSunday(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), EasterHoliday.EasterSunday(year));
}
