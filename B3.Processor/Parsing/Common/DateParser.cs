namespace B3.Processor.Parsing.Common;

/// <summary>Dates from the bytes of a field, without allocating.</summary>
internal static class DateParser
{
    /// <summary>
    /// Parses a date; B3's "no date" sentinel (9999-12-31) and an all-zero date give null, which is still a success.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, DateLayout layout, out DateOnly? value)
    {
        value = null;
        var parsed = layout switch
        {
            DateLayout.Iso => text.Length == 10 && text[4] == '-' && text[7] == '-'
                && TryParts(text[..4], text[5..7], text[8..], out value),
            DateLayout.DayMonthYear => text.Length == 10 && text[2] == '/' && text[5] == '/'
                && TryParts(text[6..], text[3..5], text[..2], out value),
            DateLayout.Compact => text.Length == 8 && TryParts(text[..4], text[4..6], text[6..], out value),
            _ => false,
        };
        return parsed;
    }

    /// <summary>The date of a year, month and day, with the same "no date" sentinels as <see cref="TryParse"/>.</summary>
    public static bool TryCreate(long year, long month, long day, out DateOnly? value)
    {
        value = null;
        if ((year, month, day) is (9999, 12, 31) or (0, 0, 0))
        {
            return true;
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month))
        {
            return false;
        }

        value = new DateOnly((int)year, (int)month, (int)day);
        return true;
    }

    private static bool TryParts(ReadOnlySpan<byte> yearText, ReadOnlySpan<byte> monthText, ReadOnlySpan<byte> dayText, out DateOnly? value)
    {
        value = null;
        if (!NumberParser.TryParseDigits(yearText, out var year) || !NumberParser.TryParseDigits(monthText, out var month)
            || !NumberParser.TryParseDigits(dayText, out var day))
        {
            return false;
        }

        return TryCreate(year, month, day, out value);
    }
}
