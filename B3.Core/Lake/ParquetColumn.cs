namespace B3.Core.Lake;

/// <summary>
/// A column of a Parquet file. Values a row may hold: <c>string</c> (String); <c>DateOnly</c> or a midnight
/// <c>DateTime</c> (Date); <c>int</c> or <c>short</c> (Int32); <c>long</c>, <c>int</c> or <c>short</c> (Int64);
/// <c>double</c> or <c>float</c> (Double); <c>bool</c> (Boolean); <c>decimal</c>, <c>long</c> or <c>int</c> (Decimal,
/// refused when it has more decimal places than the scale or more digits than the precision); <c>null</c> or
/// <c>DBNull</c> where the column is nullable.
/// </summary>
/// <remarks>
/// Stored as: String = BYTE_ARRAY (STRING); Date = INT32 (DATE, days since 1970-01-01); Int32 = INT32; Int64 = INT64;
/// Double = DOUBLE; Boolean = BOOLEAN; Decimal = INT32 up to precision 9, INT64 up to 18 and FIXED_LEN_BYTE_ARRAY of
/// the fewest bytes above (DECIMAL(precision, scale)), the integer types the format prescribes, which DuckDB, Spark and
/// Athena read as exact decimals.
/// </remarks>
public sealed record ParquetColumn
{
    private const int MaxPrecision = 38;

    private ParquetColumn(string name, ParquetColumnType type, bool nullable, int precision = 0, int scale = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
        Nullable = nullable;
        Precision = precision;
        Scale = scale;
    }

    public string Name { get; }

    public ParquetColumnType Type { get; }

    public bool Nullable { get; }

    /// <summary>Digits of a Decimal column; 0 for the other types.</summary>
    public int Precision { get; }

    /// <summary>Decimal places of a Decimal column; 0 for the other types.</summary>
    public int Scale { get; }

    internal ParquetPhysicalType PhysicalType => Type switch
    {
        ParquetColumnType.String => ParquetPhysicalType.ByteArray,
        ParquetColumnType.Date or ParquetColumnType.Int32 => ParquetPhysicalType.Int32,
        ParquetColumnType.Int64 => ParquetPhysicalType.Int64,
        ParquetColumnType.Double => ParquetPhysicalType.Double,
        ParquetColumnType.Boolean => ParquetPhysicalType.Boolean,
        ParquetColumnType.Decimal when Precision <= 9 => ParquetPhysicalType.Int32,
        ParquetColumnType.Decimal when Precision <= 18 => ParquetPhysicalType.Int64,
        ParquetColumnType.Decimal => ParquetPhysicalType.FixedLenByteArray,
        _ => throw new InvalidOperationException($"Unknown column type {Type}."),
    };

    /// <summary>Bytes per value of a FIXED_LEN_BYTE_ARRAY decimal: the fewest that hold 10^precision - 1 in two's complement.</summary>
    internal int TypeLength
    {
        get
        {
            if (PhysicalType != ParquetPhysicalType.FixedLenByteArray)
            {
                return 0;
            }

            var length = 1;
            while (UInt128.One << (8 * length - 1) < (UInt128)ParquetValues.PowerOfTen(Precision))
            {
                length++;
            }

            return length;
        }
    }

    public static ParquetColumn String(string name, bool nullable = false) => new(name, ParquetColumnType.String, nullable);

    public static ParquetColumn Date(string name, bool nullable = false) => new(name, ParquetColumnType.Date, nullable);

    public static ParquetColumn Int32(string name, bool nullable = false) => new(name, ParquetColumnType.Int32, nullable);

    public static ParquetColumn Int64(string name, bool nullable = false) => new(name, ParquetColumnType.Int64, nullable);

    public static ParquetColumn Double(string name, bool nullable = false) => new(name, ParquetColumnType.Double, nullable);

    public static ParquetColumn Boolean(string name, bool nullable = false) => new(name, ParquetColumnType.Boolean, nullable);

    public static ParquetColumn Decimal(string name, int precision, int scale, bool nullable = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        return new ParquetColumn(name, ParquetColumnType.Decimal, nullable, precision, scale);
    }

    /// <summary>How errors name the column, e.g. <c>'close' Decimal(18, 2)</c>.</summary>
    public override string ToString() =>
        Type == ParquetColumnType.Decimal ? $"'{Name}' Decimal({Precision}, {Scale})" : $"'{Name}' {Type}";
}
