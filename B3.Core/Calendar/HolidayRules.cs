namespace B3.Core.Calendar;

/// <summary>A day on which B3 does not trade.</summary>
public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// One line of the holiday table: a name, the years it applies to (<see cref="FromYear"/> through <see cref="ToYear"/>)
/// and the years it was suspended (<see cref="ExceptYears"/>). Subclasses say which date it falls on in a year.
/// </summary>
public abstract record HolidayRule(string Name)
{
    public int FromYear { get; init; } = int.MinValue;

    public int ToYear { get; init; } = int.MaxValue;

    public IReadOnlyCollection<int> ExceptYears { get; init; } = [];

    public bool AppliesTo(int year) => year >= FromYear && year <= ToYear && !ExceptYears.Contains(year);

    /// <summary>The rule's date in <paramref name="year"/>, or null when it has none that year.</summary>
    public DateOnly? DateIn(int year) => AppliesTo(year) ? Resolve(year) : null;

    protected abstract DateOnly? Resolve(int year);
}

/// <summary>The same day and month every year (Tiradentes, Christmas, …).</summary>
public sealed record FixedHoliday(string Name, int Month, int Day) : HolidayRule(Name)
{
    protected override DateOnly? Resolve(int year) => new DateOnly(year, Month, Day);
}

/// <summary>A movable feast a fixed number of days from Easter Sunday (Carnival −48/−47, Good Friday −2, Corpus Christi +60).</summary>
public sealed record EasterHoliday(string Name, int DaysFromEaster) : HolidayRule(Name)
{
    protected override DateOnly? Resolve(int year) => EasterSunday(year).AddDays(DaysFromEaster);

    /// <summary>Gregorian Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}

/// <summary>B3's year-end closure: 31 December, or the Friday before when the 31st falls on a weekend.</summary>
public sealed record LastWeekdayOfYear(string Name) : HolidayRule(Name)
{
    protected override DateOnly? Resolve(int year)
    {
        var date = new DateOnly(year, 12, 31);
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            date = date.AddDays(-1);
        }

        return date;
    }
}

/// <summary>A closure that happened once.</summary>
public sealed record OneOffHoliday(string Name, DateOnly Date) : HolidayRule(Name)
{
    protected override DateOnly? Resolve(int year) => year == Date.Year ? Date : null;
}
