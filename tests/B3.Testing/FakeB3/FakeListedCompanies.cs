using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace B3.Testing.FakeB3;

/// <summary>
/// The answers of B3's listed-companies API (b3-corporate-actions.md §1, §2) from the recorded and built shapes in
/// <c>FakeB3/ListedCompanies/</c> (SOURCES.md there): four issuers, ABEV's and AMBEVSA's answers as rb3 recorded them, MGLU's
/// supplement string-wrapped as B3 sent it in 2026, and WWWW unknown to the supplement (an empty body).
/// </summary>
public sealed class FakeListedCompanies
{
    /// <summary>The issuer whose supplement comes as a JSON string wrapping the array.</summary>
    public const string StringWrappedIssuer = "MGLU";

    /// <summary>Page sizes B3 answers with <c>totalRecords: null</c> and no rows (SILO, 2026).</summary>
    public const int RefusedPageSize = 200;

    private static readonly JsonArray Issuers = (JsonArray)JsonNode.Parse(Resource("GetInitialCompanies.json"))!;

    /// <summary>Trading names (compacted) whose GetListedCashDividends answers <c>totalRecords: null</c> with no rows.</summary>
    public ConcurrentDictionary<string, bool> NullTotalTradingNames { get; } = new(StringComparer.Ordinal);

    /// <summary>At most this many issuers a page, so that a handful of issuers spans pages (B3's own limit is unknown).</summary>
    public int IssuersPageLimit { get; set; } = 3;

    /// <summary>At most this many cash rows a page: AMBEVSA's 29 rows come in two pages.</summary>
    public int CashDividendsPageLimit { get; set; } = 20;

    /// <summary>Delisted issuers (<c>T000</c>, <c>T001</c>, …) listed after the recorded ones, none with a supplement: a long issuer list.</summary>
    public int GeneratedIssuers { get; set; }

    /// <summary>The recorded issuer codes GetInitialCompanies lists, in its order (before any generated ones).</summary>
    public static IReadOnlyList<string> IssuerCodes => [.. Issuers.Select(row => row!["issuingCompany"]!.GetValue<string>())];

    /// <summary>One page of GetInitialCompanies.</summary>
    public byte[] InitialCompaniesPage(int pageNumber, int pageSize)
    {
        var generated = Enumerable.Range(0, GeneratedIssuers).Select(i => new JsonObject
        {
            ["codeCVM"] = 90_000 + i,
            ["issuingCompany"] = $"T{i:D3}",
            ["companyName"] = $"EMPRESA TESTE {i:D3} S.A.",
            ["tradingName"] = $"TESTE {i:D3}",
            ["status"] = "C",
        });
        return Page([.. Issuers.Select(row => row!.DeepClone()), .. generated], pageNumber, Math.Min(pageSize, IssuersPageLimit), pageSize);
    }

    /// <summary>GetListedSupplementCompany's body for an issuer: the recorded array, string-wrapped for <see cref="StringWrappedIssuer"/>, empty when unknown.</summary>
    public static byte[] Supplement(string issuingCompany)
    {
        var array = TryResource($"GetListedSupplementCompany.{issuingCompany}.json");
        if (array is null)
        {
            return [];
        }

        return issuingCompany == StringWrappedIssuer ? JsonSerializer.SerializeToUtf8Bytes(Encoding.UTF8.GetString(array)) : array;
    }

    /// <summary>One page of GetListedCashDividends: the recorded history for AMBEVSA, none for other names.</summary>
    public byte[] CashDividendsPage(string tradingName, int pageNumber, int pageSize)
    {
        if (pageSize >= RefusedPageSize || NullTotalTradingNames.ContainsKey(tradingName))
        {
            return Encoding.UTF8.GetBytes($$"""{"page":{"pageNumber":{{pageNumber}},"pageSize":{{pageSize}},"totalRecords":null,"totalPages":null},"results":[]}""");
        }

        var rows = TryResource($"GetListedCashDividends.{tradingName}.json") is { } body ? (JsonArray)JsonNode.Parse(body)! : [];
        return Page(rows, pageNumber, Math.Min(pageSize, CashDividendsPageLimit), pageSize);
    }

    /// <summary>B3's paged shape: <c>{"page":{pageNumber,pageSize,totalRecords,totalPages},"results":[…]}</c>.</summary>
    private static byte[] Page(JsonArray rows, int pageNumber, int served, int requested)
    {
        served = Math.Max(1, served);
        var results = new JsonArray([.. rows.Skip((pageNumber - 1) * served).Take(served).Select(row => row!.DeepClone())]);
        var page = new JsonObject
        {
            ["page"] = new JsonObject
            {
                ["pageNumber"] = pageNumber,
                ["pageSize"] = requested,
                ["totalRecords"] = rows.Count,
                ["totalPages"] = (rows.Count + served - 1) / served,
            },
            ["results"] = results,
        };
        return Encoding.UTF8.GetBytes(page.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    private static byte[] Resource(string name) => TryResource(name) ?? throw new InvalidOperationException($"No embedded resource ListedCompanies.{name}.");

    private static byte[]? TryResource(string name)
    {
        using var stream = typeof(FakeListedCompanies).Assembly.GetManifestResourceStream($"ListedCompanies.{name}");
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
