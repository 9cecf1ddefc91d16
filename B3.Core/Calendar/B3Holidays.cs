namespace B3.Core.Calendar;

/// <summary>
/// B3's equity-market closures as data (b3-data-formats.md §8). To extend: add a rule, or bound an existing one with
/// <c>FromYear</c> / <c>ToYear</c> / <c>ExceptYears</c>, then raise <see cref="LastYear"/> once B3 publishes the
/// next year's calendar (each December).
/// </summary>
public static class B3Holidays
{
    public const int FirstYear = 2014;

    /// <summary>2027 follows the standing rules; B3 had not published its 2027 calendar when this table was written.</summary>
    public const int LastYear = 2027;

    /// <summary>São Paulo's city and state holidays closed B3 until 2021 (traded from 2022, OC 150/2020-PRE).</summary>
    private const int LastYearOfSaoPauloHolidays = 2021;

    public static IReadOnlyList<HolidayRule> Rules { get; } =
    [
        new FixedHoliday("Confraternização Universal", 1, 1),
        new FixedHoliday("Aniversário de São Paulo", 1, 25) { ToYear = LastYearOfSaoPauloHolidays },
        new EasterHoliday("Carnaval (segunda-feira)", -48),
        new EasterHoliday("Carnaval (terça-feira)", -47),
        new EasterHoliday("Sexta-feira da Paixão", -2),
        new FixedHoliday("Tiradentes", 4, 21),
        new FixedHoliday("Dia do Trabalho", 5, 1),
        new EasterHoliday("Corpus Christi", 60),
        // 2020: traded during the pandemic.
        new FixedHoliday("Revolução Constitucionalista", 7, 9) { ToYear = LastYearOfSaoPauloHolidays, ExceptYears = [2020] },
        new FixedHoliday("Independência do Brasil", 9, 7),
        new FixedHoliday("Nossa Senhora Aparecida", 10, 12),
        new FixedHoliday("Finados", 11, 2),
        new FixedHoliday("Proclamação da República", 11, 15),
        new FixedHoliday("Consciência Negra (São Paulo)", 11, 20) { ToYear = LastYearOfSaoPauloHolidays, ExceptYears = [2020] },
        new FixedHoliday("Dia Nacional de Zumbi e da Consciência Negra", 11, 20) { FromYear = 2024 },
        new FixedHoliday("Véspera de Natal", 12, 24),
        new FixedHoliday("Natal", 12, 25),
        new LastWeekdayOfYear("Último dia útil do ano"),
        new OneOffHoliday("Abertura da Copa do Mundo em São Paulo", new DateOnly(2014, 6, 12)),
    ];
}
