using System.Globalization;
using B3.Core.Datasets;
using B3.Core.Storage;
using Npgsql;
using Parquet;
using Parquet.Serialization;

namespace B3.Processor.Refining;

/// <summary>
/// Writes each loaded date's refined rows as Parquet (Parquet.Net, Snappy) to
/// <c>lake/daily_summary/dt=yyyy-mm-dd/part-0.parquet</c>: Hive-style partitions that DuckDB, Athena, Spark or R2 SQL
/// read without PostgreSQL, outside <c>b3/</c> so that no event or reconciler takes them for a B3 file. A date exported
/// again overwrites its file.
/// </summary>
public sealed partial class LakeExporter(NpgsqlDataSource dataSource, IObjectStorage storage, ILogger<LakeExporter> logger)
{
    public const string Prefix = "lake/";
    private const string Table = "daily_summary";

    // Rounded in SQL to the scale of the Parquet decimals: unit prices (÷ FATCOT) and averages have more digits. The
    // adjusted close is the total-return one (splits and cash) as the events known at export time make it.
    private const string Select = """
        SELECT s.trade_date, s.ticker, round(open, 6), round(close, 6), round(average_price, 6), round(min_price, 6), round(max_price, 6),
               round(vol_financeiro_total, 2), trade_count, qtd_acoes_negociadas,
               weekday, days_since_year_start, days_to_year_end, is_month_start, quarter, round(moving_average_7, 6),
               round(close * coalesce(p.total_factor, 1), 6), round(coalesce(p.total_factor, 1), 12)
        FROM b3.daily_summary s
        LEFT JOIN pg_temp.lake_adjustment_periods p
               ON p.ticker = s.ticker AND s.trade_date < p.valid_until AND (p.valid_from IS NULL OR s.trade_date >= p.valid_from)
        WHERE s.trade_date = $1
        ORDER BY s.ticker
        """;

    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy };

    public static string KeyFor(DateOnly date) =>
        $"{Prefix}{Table}/dt={date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/part-0.parquet";

    /// <summary>Exports every date of the range that has refined rows; returns the keys written.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(Dataset dataset, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (dataset != Dataset.Cotahist)
        {
            return [];
        }

        // The adjustment periods are read once for all the dates: they come from every corporate-actions snapshot kept,
        // seconds of work after a year of them, where a date's rows take milliseconds.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, """
            DROP TABLE IF EXISTS pg_temp.lake_adjustment_periods;
            CREATE TEMP TABLE lake_adjustment_periods AS SELECT ticker, valid_from, valid_until, total_factor FROM b3.adjustment_periods;
            """, cancellationToken);
        var keys = new List<string>();
        foreach (var date in await DatesAsync(connection, from, to, cancellationToken))
        {
            keys.Add(await ExportDateAsync(connection, date, cancellationToken));
        }

        await ExecuteAsync(connection, "DROP TABLE pg_temp.lake_adjustment_periods", cancellationToken);
        return keys;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<DateOnly>> DatesAsync(NpgsqlConnection connection, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT DISTINCT trade_date FROM b3.daily_summary WHERE trade_date BETWEEN $1 AND $2 ORDER BY 1", connection);
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var dates = new List<DateOnly>();
        while (await reader.ReadAsync(cancellationToken))
        {
            dates.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return dates;
    }

    private async Task<string> ExportDateAsync(NpgsqlConnection connection, DateOnly date, CancellationToken cancellationToken)
    {
        var key = KeyFor(date);
        var rows = await RowsAsync(connection, date, cancellationToken);
        await using var file = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await ParquetSerializer.SerializeAsync(rows, file, Options, cancellationToken: cancellationToken);
        file.Position = 0;
        await storage.UploadAsync(key, file, new ObjectProvenance(null, DateTimeOffset.UtcNow), cancellationToken);
        LogExported(key, rows.Count);
        return key;
    }

    /// <summary>A day's rows: a few hundred to a few thousand tickers, written as one row group.</summary>
    private static async Task<List<LakeRow>> RowsAsync(NpgsqlConnection connection, DateOnly date, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select, connection);
        command.Parameters.Add(new() { Value = date });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<LakeRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LakeRow
            {
                TradeDate = reader.GetFieldValue<DateOnly>(0),
                Ticker = reader.GetString(1),
                Open = Decimal(2),
                Close = Decimal(3),
                AveragePrice = Decimal(4),
                MinPrice = Decimal(5),
                MaxPrice = Decimal(6),
                VolFinanceiroTotal = reader.GetDecimal(7),
                TradeCount = reader.GetInt64(8),
                QtdAcoesNegociadas = reader.GetInt64(9),
                Weekday = reader.GetInt16(10),
                DaysSinceYearStart = reader.GetInt16(11),
                DaysToYearEnd = reader.GetInt16(12),
                IsMonthStart = reader.GetBoolean(13),
                Quarter = reader.GetInt16(14),
                MovingAverage7 = Decimal(15),
                AdjustedClose = Decimal(16),
                AdjustmentFactor = reader.GetDecimal(17),
            });
        }

        return rows;

        decimal? Decimal(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Key} ({Rows} rows)")]
    private partial void LogExported(string key, long rows);
}
