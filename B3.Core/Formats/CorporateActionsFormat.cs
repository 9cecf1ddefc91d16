using System.Text.Json;

namespace B3.Core.Formats;

/// <summary>
/// The stored corporate-actions snapshot of a day (b3-corporate-actions.md): the Downloader keeps B3's listed-companies
/// answers unchanged in one envelope and the Processor reads it back:
/// <code>
/// {"date":"yyyy-MM-dd",
///  "companies":[{"issuingCompany":"ABEV","tradingName":"AMBEVSA",
///                "supplement":&lt;GetListedSupplementCompany as returned, or null for an empty body&gt;,
///                "cashDividends":[&lt;every GetListedCashDividends page as returned&gt;]}],   (only on full-history days)
///  "missing":[{"issuingCompany":"XPTO","reason":"…"}]}
/// </code>
/// Every value inside B3's answers is a string: numbers in Brazilian format, dates <c>dd/MM/yyyy</c>.
/// </summary>
public static class CorporateActionsFormat
{
    /// <summary>The envelope's snapshot date, <see cref="DateFormat"/>.</summary>
    public const string DateProperty = "date";

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>B3's own date format inside its answers.</summary>
    public const string B3DateFormat = "dd/MM/yyyy";

    public const string CompaniesProperty = "companies";

    /// <summary>An issuer's 4-character catalogue key (<c>ABEV</c>, <c>B100</c>): the envelope's and GetInitialCompanies'.</summary>
    public const string IssuingCompanyProperty = "issuingCompany";

    /// <summary>GetInitialCompanies' trading name (<c>AMBEV S/A</c>), the key of GetListedCashDividends once compacted.</summary>
    public const string TradingNameProperty = "tradingName";

    /// <summary>GetListedSupplementCompany's answer as returned: an array of one object, or a JSON string wrapping it.</summary>
    public const string SupplementProperty = "supplement";

    /// <summary>
    /// In the envelope: GetListedCashDividends' pages (the full cash history), present on full-history days. Inside the
    /// supplement: the last twelve months of cash events.
    /// </summary>
    public const string CashDividendsProperty = "cashDividends";

    /// <summary>Issuers whose calls failed after retries: <c>[{"issuingCompany","reason"}]</c>.</summary>
    public const string MissingProperty = "missing";

    public const string ReasonProperty = "reason";

    /// <summary>A paged answer's rows and paging (<c>page.totalRecords</c>, <c>page.totalPages</c>).</summary>
    public const string ResultsProperty = "results";

    public const string PageProperty = "page";

    public const string TotalRecordsProperty = "totalRecords";

    public const string TotalPagesProperty = "totalPages";

    /// <summary>The supplement's share events (splits, reverse splits, bonus shares, other labels).</summary>
    public const string StockDividendsProperty = "stockDividends";

    /// <summary>
    /// How deep a string may wrap the JSON it carries. B3 has been seen wrapping once; more than this is not an answer.
    /// </summary>
    private const int MaxWrapping = 4;

    /// <summary>
    /// B3 sometimes answers with a JSON string whose text is the JSON (b3-corporate-actions.md §1): decodes until the
    /// value is not a string. Throws <see cref="JsonException"/> when a string does not hold JSON.
    /// </summary>
    public static JsonElement Unwrap(JsonElement value)
    {
        for (var depth = 0; value.ValueKind == JsonValueKind.String; depth++)
        {
            if (depth == MaxWrapping)
            {
                throw new JsonException($"a JSON string wraps JSON more than {MaxWrapping} times");
            }

            value = JsonSerializer.Deserialize<JsonElement>(value.GetString()!);
        }

        return value;
    }

    /// <summary>GetListedCashDividends' key: the trading name without spaces, '-', '_' or '/', upper-cased (<c>KLABIN S/A</c> → <c>KLABINSA</c>).</summary>
    public static string CompactTradingName(string tradingName) =>
        string.Concat(tradingName.Where(c => c is not (' ' or '-' or '_' or '/'))).ToUpperInvariant();
}
