extern alias processor;

using System.Globalization;
using System.IO.Compression;
using System.Text;
using B3.Core.Calendar;
using B3.Core.Datasets;
using B3.Testing;
using Npgsql;
using NpgsqlTypes;
using processor::B3.Processor.Refining;

namespace B3.WebhookApi.Tests;

/// <summary>
/// Quote data for the query API tests: B3's real COTAHIST file of 2024-11-08, loaded into <c>b3.daily_quotes</c> by SQL
/// of the tests' own (positions of b3-data-formats.md §7.5, independent of the Processor's parser), made-up bars of
/// PETR4 on the other trading days of October and November 2024, and the refined layer rebuilt by the Processor's
/// <see cref="RefinedLayer"/>.
/// </summary>
public static class MarketData
{
    public const string Ticker = "PETR4";
    public const int CashMarket = 10;

    public static readonly DateOnly SampleDate = new(2024, 11, 8);
    public static readonly DateOnly First = new(2024, 10, 1);
    public static readonly DateOnly Last = new(2024, 11, 29);

    private static readonly Lazy<IReadOnlyList<CotahistRecord>> SampleRecords = new(ReadSample);

    /// <summary>The quote records (type 01) of the real 2024-11-08 file.</summary>
    public static IReadOnlyList<CotahistRecord> Sample => SampleRecords.Value;

    /// <summary>The trading days of the loaded window, in order.</summary>
    public static IReadOnlyList<DateOnly> TradingDays { get; } = [.. TradingCalendar.B3.TradingDays(First, Last)];

    public static CotahistRecord SampleQuote(string ticker) =>
        Sample.Single(r => r.Ticker == ticker && r.MarketType == CashMarket);

    /// <summary>The close of <see cref="Ticker"/> on a loaded trading day (the real one on the sample date).</summary>
    public static decimal CloseOn(DateOnly date) =>
        date == SampleDate ? SampleQuote(Ticker).Close : MadeUp(TradingDays.ToList().IndexOf(date)).Close;

    /// <summary>Loads the sample and the made-up bars and refreshes the refined layer of the whole window.</summary>
    public static async Task LoadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await LoadRecordsAsync(connection, Sample.Select(r => r.Line), "b3/cotahist/2024-11-08.zip", cancellationToken);
        var madeUp = TradingDays.Select((date, index) => (date, index)).Where(day => day.date != SampleDate)
            .Select(day => MadeUp(day.index) with { Date = day.date });
        await InsertBarsAsync(connection, Ticker, madeUp, cancellationToken);
        await new RefinedLayer().RefreshAsync(connection, Dataset.Cotahist, First, Last, cancellationToken);
    }

    /// <summary>Inserts COTAHIST lines through a temporary table and SQL that cuts the fixed-width fields.</summary>
    public static async Task LoadRecordsAsync(NpgsqlConnection connection, IEnumerable<string> lines, string objectKey, CancellationToken cancellationToken)
    {
        await Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS cotahist_lines (line text NOT NULL); TRUNCATE cotahist_lines", cancellationToken);
        await using (var import = await connection.BeginBinaryImportAsync("COPY cotahist_lines (line) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var line in lines)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(line, NpgsqlDbType.Text, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand("""
            INSERT INTO b3.daily_quotes (
                trade_date, ticker, market_type, term_days, bdi_code, short_name, specification, currency,
                open, high, low, average, close, best_bid, best_ask, trade_count, quantity, volume,
                strike, strike_correction, expiration_date, quote_factor, strike_points, isin, distribution_number, object_key, etag)
            SELECT to_date(substr(line, 3, 8), 'YYYYMMDD'), rtrim(substr(line, 13, 12)), substr(line, 25, 3)::int,
                   coalesce(nullif(trim(substr(line, 50, 3)), '')::int, 0), substr(line, 11, 2), rtrim(substr(line, 28, 12)),
                   rtrim(substr(line, 40, 10)), rtrim(substr(line, 53, 4)),
                   substr(line, 57, 13)::numeric / 100 / f, substr(line, 70, 13)::numeric / 100 / f, substr(line, 83, 13)::numeric / 100 / f,
                   substr(line, 96, 13)::numeric / 100 / f, substr(line, 109, 13)::numeric / 100 / f,
                   substr(line, 122, 13)::numeric / 100 / f, substr(line, 135, 13)::numeric / 100 / f,
                   substr(line, 148, 5)::bigint, substr(line, 153, 18)::bigint, substr(line, 171, 18)::numeric / 100,
                   substr(line, 189, 13)::numeric / 100 / f, substr(line, 202, 1)::int,
                   nullif(substr(line, 203, 8), '99991231')::date, f, substr(line, 218, 13)::numeric / 1000000,
                   substr(line, 231, 12), substr(line, 243, 3)::int, $1, 'test'
            FROM (SELECT line, substr(line, 211, 7)::int AS f FROM cotahist_lines WHERE left(line, 2) = '01') records
            """, connection)
        {
            Parameters = { new() { Value = objectKey } },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Inserts cash-market bars of one ticker (their date attributes and moving average come from a refresh).</summary>
    public static async Task InsertBarsAsync(NpgsqlConnection connection, string ticker, IEnumerable<Bar> bars, CancellationToken cancellationToken)
    {
        var list = bars.ToList();
        await using var command = new NpgsqlCommand("""
            INSERT INTO b3.daily_quotes (trade_date, ticker, market_type, term_days, bdi_code, open, high, low, average, close,
                                         trade_count, quantity, volume, quote_factor, object_key, etag)
            SELECT d, $1, 10, 0, '02', o, h, l, round(v / q, 2), c, t, q, v, 1, 'b3/cotahist/made-up.zip', 'test'
            FROM unnest($2::date[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::bigint[], $8::bigint[], $9::numeric[])
                 AS bar (d, o, h, l, c, t, q, v)
            """, connection)
        {
            Parameters =
            {
                new() { Value = ticker },
                new() { Value = list.Select(b => b.Date).ToArray() },
                new() { Value = list.Select(b => b.Open).ToArray() },
                new() { Value = list.Select(b => b.High).ToArray() },
                new() { Value = list.Select(b => b.Low).ToArray() },
                new() { Value = list.Select(b => b.Close).ToArray() },
                new() { Value = list.Select(b => b.Trades).ToArray() },
                new() { Value = list.Select(b => b.Quantity).ToArray() },
                new() { Value = list.Select(b => b.Volume).ToArray() },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A plausible bar whose close wanders around 36 BRL, different on every trading day.</summary>
    public static Bar MadeUp(int index)
    {
        var close = 36.00m + (((index * 37) % 23) - 11) * 0.05m;
        var quantity = 30_000_000L + (index * 250_000L);
        return new Bar(default, close - 0.10m, close + 0.30m, close - 0.40m, close, 50_000 + (index * 10), quantity, Math.Round(quantity * close, 2));
    }

    private static IReadOnlyList<CotahistRecord> ReadSample()
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "B3.Processor.Tests", "Fixtures", "COTAHIST_D08112024.ZIP");
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.Entries.Single().Open(), Encoding.Latin1);
        var records = new List<CotahistRecord>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("01", StringComparison.Ordinal))
            {
                records.Add(new CotahistRecord(line));
            }
        }

        return records;
    }
}

public sealed record Bar(DateOnly Date, decimal Open, decimal High, decimal Low, decimal Close, long Trades, long Quantity, decimal Volume);

/// <summary>One COTAHIST quote record read by the test itself (1-based positions of b3-data-formats.md §7.5).</summary>
public sealed record CotahistRecord(string Line)
{
    public string Ticker => Line.Substring(12, 12).TrimEnd();

    public int MarketType => Number(25, 3);

    public int QuoteFactor => Number(211, 7);

    public decimal Open => Price(57);

    public decimal High => Price(70);

    public decimal Low => Price(83);

    public decimal Average => Price(96);

    public decimal Close => Price(109);

    public long Trades => long.Parse(Line.AsSpan(147, 5), CultureInfo.InvariantCulture);

    public long Quantity => long.Parse(Line.AsSpan(152, 18), CultureInfo.InvariantCulture);

    /// <summary>VOLTOT: money, never divided by FATCOT.</summary>
    public decimal Volume => decimal.Parse(Line.AsSpan(170, 18), CultureInfo.InvariantCulture) / 100;

    private decimal Price(int position) => decimal.Parse(Line.AsSpan(position - 1, 13), CultureInfo.InvariantCulture) / 100 / QuoteFactor;

    private int Number(int position, int length) => int.Parse(Line.AsSpan(position - 1, length), CultureInfo.InvariantCulture);
}
