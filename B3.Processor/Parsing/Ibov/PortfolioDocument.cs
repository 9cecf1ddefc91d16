using System.Globalization;
using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Formats;

namespace B3.Processor.Parsing.Ibov;

/// <summary>
/// The stored document of one day's portfolio, in any of the shapes the downloader may write: the envelope
/// <c>{"date":"yyyy-MM-dd","index":"IBOV","pages":[page, …]}</c>, a bare array of pages, or a single page, where a
/// page is GetPortfolioDay's reply as B3 sent it (<c>{"page":{…},"header":{…},"results":[…]}</c>). Without an
/// envelope the date is the object key's and the index IBOV.
/// </summary>
internal sealed record PortfolioDocument(DateOnly Date, string Index, IReadOnlyList<JsonElement> Pages)
{
    public static PortfolioDocument From(JsonElement root, ObjectKey key)
    {
        var document = root.ValueKind switch
        {
            JsonValueKind.Array => new PortfolioDocument(key.From, IbovPortfolioFormat.IndexCode, [.. root.EnumerateArray()]),
            JsonValueKind.Object when root.TryGetProperty(IbovPortfolioFormat.PagesProperty, out var pages) && pages.ValueKind == JsonValueKind.Array =>
                new PortfolioDocument(ReadDate(root, key), ReadIndex(root), [.. pages.EnumerateArray()]),
            JsonValueKind.Object when root.TryGetProperty(IbovPortfolioFormat.ResultsProperty, out _) => new PortfolioDocument(key.From, IbovPortfolioFormat.IndexCode, [root]),
            _ => throw new InvalidFileException(
                "unknown JSON shape: expected a GetPortfolioDay page (with \"results\"), an array of pages, or {\"date\", \"index\", \"pages\"}"),
        };

        for (var page = 0; page < document.Pages.Count; page++)
        {
            if (document.Pages[page].ValueKind != JsonValueKind.Object
                || !document.Pages[page].TryGetProperty(IbovPortfolioFormat.ResultsProperty, out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidFileException($"unknown JSON shape: page {page + 1} has no \"results\" array");
            }
        }

        return document.Pages.Count > 0 ? document : throw new InvalidFileException("the document holds no pages");
    }

    /// <summary>What the pages say the portfolio holds (<c>page.totalRecords</c>), when they say it.</summary>
    public long? DeclaredRecords =>
        Pages[0].TryGetProperty(IbovPortfolioFormat.PageProperty, out var page) && page.ValueKind == JsonValueKind.Object
        && page.TryGetProperty(IbovPortfolioFormat.TotalRecordsProperty, out var total) && total.TryGetInt64(out var count)
            ? count
            : null;

    private static DateOnly ReadDate(JsonElement root, ObjectKey key)
    {
        if (!root.TryGetProperty(IbovPortfolioFormat.DateProperty, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return key.From;
        }

        if (property.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(property.GetString(), IbovPortfolioFormat.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new InvalidFileException($"the document's date {property.GetRawText()} is not a yyyy-MM-dd date");
        }

        return date;
    }

    private static string ReadIndex(JsonElement root) =>
        root.TryGetProperty(IbovPortfolioFormat.IndexProperty, out var index) && index.ValueKind == JsonValueKind.String && index.GetString() is { Length: > 0 } code
            ? code
            : IbovPortfolioFormat.IndexCode;
}
