namespace B3.Core.Lake;

/// <summary>Turns the CLR values of a row into what a column stores, refusing those it cannot hold exactly.</summary>
internal static class ParquetValues
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);
    private static readonly Int128[] PowersOfTen = CreatePowersOfTen();

    public static Int128 PowerOfTen(int exponent) => PowersOfTen[exponent];

    public static int ToInt32(object value, ParquetColumn column) => value switch
    {
        int number => number,
        short number => number,
        _ => throw Refused(value, column),
    };

    public static long ToInt64(object value, ParquetColumn column) => value switch
    {
        long number => number,
        int number => number,
        short number => number,
        _ => throw Refused(value, column),
    };

    public static double ToDouble(object value, ParquetColumn column) => value switch
    {
        double number => number,
        float number => number,
        _ => throw Refused(value, column),
    };

    public static bool ToBoolean(object value, ParquetColumn column) =>
        value as bool? ?? throw Refused(value, column);

    /// <summary>Days since 1970-01-01, negative before it.</summary>
    public static int ToDays(object value, ParquetColumn column) => value switch
    {
        DateOnly date => date.DayNumber - Epoch.DayNumber,
        DateTime dateTime when dateTime.TimeOfDay == TimeSpan.Zero => DateOnly.FromDateTime(dateTime).DayNumber - Epoch.DayNumber,
        _ => throw Refused(value, column),
    };

    /// <summary>The decimal's digits as an integer at the column's scale, e.g. -12.3 at scale 2 is -1230.</summary>
    public static Int128 ToUnscaled(object value, ParquetColumn column)
    {
        var number = value switch
        {
            decimal exact => exact,
            long integer => integer,
            int integer => integer,
            _ => throw Refused(value, column),
        };

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(number, bits);
        var unscaled = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var limit = PowerOfTen(column.Precision);
        if (number.Scale > column.Scale)
        {
            var divisor = PowerOfTen(number.Scale - column.Scale);
            if (unscaled % divisor != 0)
            {
                throw new ArgumentException($"Column {column} cannot hold {Invariant(number)}: it has more than {column.Scale} decimal places.");
            }

            unscaled /= divisor;
        }
        else
        {
            var factor = PowerOfTen(column.Scale - number.Scale);
            // Stopping at the limit instead of multiplying past it avoids overflow; the check below refuses it.
            unscaled = unscaled < limit / factor ? unscaled * factor : limit;
        }

        if (unscaled >= limit)
        {
            throw new ArgumentException($"Column {column} cannot hold {Invariant(number)}: it has more than {column.Precision - column.Scale} integer digits.");
        }

        return number < 0 ? -unscaled : unscaled;
    }

    public static ArgumentException Refused(object value, ParquetColumn column) =>
        new($"Column {column} cannot hold {value.GetType().Name} value {value}.");

    private static string Invariant(decimal number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Int128[] CreatePowersOfTen()
    {
        var powers = new Int128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
