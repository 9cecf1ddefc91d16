using System.Globalization;
using B3.Core.Datasets;
using B3.Core.Lake;
using B3.Core.Storage;
using Npgsql;

namespace B3.Processor.Refining;

/// <summary>
/// Writes each loaded date's refined rows as Parquet to <c>b3/refined/daily_summary/dt=yyyy-mm-dd/part-0.parquet</c>
/// (Hive-style partitions: DuckDB, Athena, Spark or R2 SQL read the lake without PostgreSQL). A date exported again
/// overwrites its file.
/// </summary>
public sealed partial class LakeExporter(NpgsqlDataSource dataSource, IObjectStorage storage, ILogger<LakeExporter> logger)
{
    public const string Prefix = "b3/refined/";
    private const string Table = "daily_summary";

    // Rounded in SQL to the scale of the Parquet decimals: unit prices (÷ FATCOT) and averages have more digits.
    private const string Select = """
        SELECT trade_date, ticker, round(open, 6), round(close, 6), round(average_price, 6), round(min_price, 6), round(max_price, 6),
               round(vol_financeiro_total, 2), trade_count, qtd_acoes_negociadas,
               weekday, days_since_year_start, days_to_year_end, is_month_start, quarter, round(moving_average_7, 6)
        FROM b3.daily_summary WHERE trade_date = $1 ORDER BY ticker
        """;

    private static readonly ParquetSchema Schema = new(
    [
        ParquetColumn.Date("trade_date"),
        ParquetColumn.String("ticker"),
        ParquetColumn.Decimal("open", 18, 6, nullable: true),
        ParquetColumn.Decimal("close", 18, 6, nullable: true),
        ParquetColumn.Decimal("average_price", 18, 6, nullable: true),
        ParquetColumn.Decimal("min_price", 18, 6, nullable: true),
        ParquetColumn.Decimal("max_price", 18, 6, nullable: true),
        ParquetColumn.Decimal("vol_financeiro_total", 18, 2),
        ParquetColumn.Int64("trade_count"),
        ParquetColumn.Int64("qtd_acoes_negociadas"),
        ParquetColumn.Int32("weekday"),
        ParquetColumn.Int32("days_since_year_start"),
        ParquetColumn.Int32("days_to_year_end"),
        ParquetColumn.Boolean("is_month_start"),
        ParquetColumn.Int32("quarter"),
        ParquetColumn.Decimal("moving_average_7", 18, 6, nullable: true),
    ]);

    public static string KeyFor(DateOnly date) =>
        $"{Prefix}{Table}/dt={date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/part-0.parquet";

    /// <summary>Exports every date of the range that has refined rows; returns the keys written.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(Dataset dataset, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (dataset != Dataset.Cotahist)
        {
            return [];
        }

        var keys = new List<string>();
        foreach (var date in await DatesAsync(from, to, cancellationToken))
        {
            keys.Add(await ExportDateAsync(date, cancellationToken));
        }

        return keys;
    }

    private async Task<List<DateOnly>> DatesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT trade_date FROM b3.daily_summary WHERE trade_date BETWEEN $1 AND $2 ORDER BY 1");
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

    private async Task<string> ExportDateAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var key = KeyFor(date);
        await using var file = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var writer = new ParquetWriter(file, Schema);
        await using (var command = dataSource.CreateCommand(Select))
        {
            command.Parameters.Add(new() { Value = date });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new object[Schema.Columns.Count];
            while (await reader.ReadAsync(cancellationToken))
            {
                reader.GetValues(row);
                await writer.WriteRowAsync(row, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
        file.Position = 0;
        await storage.UploadAsync(key, file, new ObjectProvenance(null, DateTimeOffset.UtcNow), cancellationToken);
        LogExported(key, writer.RowCount);
        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Key} ({Rows} rows)")]
    private partial void LogExported(string key, long rows);
}
