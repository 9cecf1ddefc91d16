using System.Net.Http.Json;
using System.Text.Json;
using B3.ServiceDefaults.Hardening;
using B3.Testing;
using Npgsql;

namespace B3.WebhookApi.Tests;

/// <summary>
/// A running WebhookApi over a database holding the real COTAHIST sample of 2024-11-08 and made-up PETR4 bars
/// (<see cref="MarketData"/>), instruments registers of 2024-11-01 and 2024-11-08 for a few tickers, and ingestion jobs
/// in every state.
/// </summary>
public sealed class QueryApiFixture : B3Fixture
{
    /// <summary>Sectors given to tickers of the sample in the register of 2024-11-08; every other ticker is in none.</summary>
    public static readonly IReadOnlyDictionary<string, (string Segment, string Category, string? Governance)> Register =
        new Dictionary<string, (string, string, string?)>
        {
            ["PETR4"] = ("CASH", "SHARES", "NIVEL 2"),
            ["PETR3"] = ("CASH", "SHARES", "NIVEL 2"),
            ["VALE3"] = ("CASH", "SHARES", "NOVO MERCADO"),
            ["ITUB4"] = ("CASH", "SHARES", "NIVEL 1"),
            ["BOVA11"] = ("CASH", "ETF EQUITIES", null),
        };

    public WebhookApiFactory Factory { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Factory = new WebhookApiFactory(ConfigurationValues);
        Factory.CreateClient().Dispose();

        var ct = TestContext.Current.CancellationToken;
        await MarketData.LoadAsync(ConnectionString, ct);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await MarketData.Execute(connection, RegisterSql(), ct);
        await MarketData.Execute(connection, JobsSql, ct);
    }

    public override async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A client that sends this service's <c>X-Api-Key</c>.</summary>
    public HttpClient CreateClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeySettings.HeaderName, ApiKey);
        return client;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>The register of 2024-11-08, and an older one of 2024-11-01 in which PETR4 had another governance level.</summary>
    public static string RegisterSql()
    {
        var rows = Register.Select(entry =>
            $"('2024-11-08', '{entry.Key}', '{entry.Value.Segment}', 'EQUITY-CASH', '{entry.Value.Category}', " +
            $"{(entry.Value.Governance is { } level ? $"'{level}'" : "NULL")}, 'COMPANY OF {entry.Key}', 'BR{entry.Key}XXX00')");
        return $"""
            INSERT INTO b3.instruments (report_date, ticker, segment, market, security_category, corporate_governance_level,
                                        corporation_name, isin, object_key, etag)
            SELECT d::date, t, s, m, c, g, n, i, 'b3/instruments/' || d || '.csv', 'test'
            FROM (VALUES {string.Join(", ", rows)},
                         ('2024-11-01', 'PETR4', 'CASH', 'EQUITY-CASH', 'SHARES', 'TRADICIONAL', 'COMPANY OF PETR4', 'BRPETR4XXX00'))
                 AS register (d, t, s, m, c, g, n, i)
            """;
    }

    // Jobs of 2024-11-06..08 in every state, a yearly file without a trade date, and two versions of one IBOV file.
    private const string JobsSql = """
        INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, status, attempts, last_error,
                                       rows_loaded, rows_quarantined, created_at, finished_at)
        VALUES ('financial-data', 'b3/cotahist/2024-11-08.zip', 'e1', 'cotahist', '2024-11-08', 'succeeded', 1, NULL, 12224, 2, '2024-11-08 23:00Z', '2024-11-08 23:01Z'),
               ('financial-data', 'b3/instruments/2024-11-08.csv', 'e2', 'instruments', '2024-11-08', 'failed', 2, 'HTTP 503 from storage', NULL, NULL, '2024-11-08 21:00Z', NULL),
               ('financial-data', 'b3/trades/2024-11-07.csv', 'e3', 'trades', '2024-11-07', 'dead', 5, 'Line 1 is not the trades header', NULL, NULL, '2024-11-07 21:00Z', '2024-11-07 22:00Z'),
               ('financial-data', 'b3/cotahist/2024-11-07.zip', 'e4', 'cotahist', '2024-11-07', 'processing', 1, NULL, NULL, NULL, '2024-11-07 23:00Z', NULL),
               ('financial-data', 'b3/cotahist/2024.zip', 'e5', 'cotahist', NULL, 'succeeded', 1, NULL, 2500000, 0, '2024-11-09 01:00Z', '2024-11-09 01:30Z'),
               ('financial-data', 'b3/ibov/2024-11-08.json', 'e6', 'ibov', '2024-11-08', 'failed', 1, 'The document has no pages', NULL, NULL, '2024-11-08 20:00Z', NULL),
               ('financial-data', 'b3/ibov/2024-11-08.json', 'e7', 'ibov', '2024-11-08', 'succeeded', 1, NULL, 86, 0, '2024-11-08 20:30Z', '2024-11-08 20:31Z')
        """;
}

[CollectionDefinition(Name)]
public sealed class QueryApiCollection : ICollectionFixture<QueryApiFixture>
{
    public const string Name = "Query API";
}
