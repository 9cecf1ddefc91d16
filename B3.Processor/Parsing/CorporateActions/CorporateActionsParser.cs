using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.CorporateActions;

/// <summary>
/// A day's snapshot of B3's corporate events (b3-corporate-actions.md) into <c>b3.corporate_actions</c>: per issuer the
/// supplement's share events (<c>stockDividends</c>) and last year of cash events, and on full-history days every page
/// of GetListedCashDividends. Values are B3's strings, parsed exactly: numbers pt-BR into decimals, dates dd/MM/yyyy.
/// Subscription rights are not read: they do not change what a share is worth by a known factor. An issuer the
/// Downloader could not fetch (<c>missing</c>) goes to quarantine with B3's reason, so the day says what it lacks.
/// </summary>
public sealed class CorporateActionsParser : IFileParser
{
    /// <summary>A full-history day of every issuer is some tens of MB; anything this large is not a snapshot.</summary>
    public const int MaxDocumentBytes = 256 << 20;

    private static readonly TableSchema Schema = CorporateActionsLayout.Schema;
    private static readonly int Date = Schema.IndexOf("report_date");
    private static readonly int Position = Schema.IndexOf("position");
    private static readonly int Issuer = Schema.IndexOf("issuing_company");
    private static readonly int Isin = Schema.IndexOf("isin");
    private static readonly int Ticker = Schema.IndexOf("ticker");
    private static readonly int Source = Schema.IndexOf("source");
    private static readonly int Kind = Schema.IndexOf("kind");
    private static readonly int Label = Schema.IndexOf("label");
    private static readonly int Factor = Schema.IndexOf("factor");
    private static readonly int ShareMultiplier = Schema.IndexOf("share_multiplier");
    private static readonly int CashAmount = Schema.IndexOf("cash_amount");
    private static readonly int Sized = Schema.IndexOf("sized");
    private static readonly int ApprovedOn = Schema.IndexOf("approved_on");
    private static readonly int LastDatePrior = Schema.IndexOf("last_date_prior");
    private static readonly int ExDate = Schema.IndexOf("ex_date");
    private static readonly int PaymentDate = Schema.IndexOf("payment_date");
    private static readonly int RelatedTo = Schema.IndexOf("related_to");

    public Dataset Dataset => Dataset.CorporateActions;

    public string Table => Schema.Table;

    public string DateColumn => Schema.DateColumn;

    public IReadOnlyList<string> Columns => Schema.ColumnNames;

    public bool Recognizes(ReadOnlySpan<byte> head) => JsonFile.StartsLikeJson(head);

    public void Parse(Stream content, ParseContext context, IRowTarget target, CancellationToken cancellationToken)
    {
        using var json = JsonFile.Read(content, MaxDocumentBytes, "a day's corporate-actions snapshot");
        var snapshot = SnapshotDocument.From(json.RootElement, context.Key);
        var events = new EventRows(snapshot.Date, target);
        foreach (var company in snapshot.Companies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadCompany(company, events);
        }

        foreach (var missing in snapshot.Missing)
        {
            var issuer = JsonFile.Text(missing, CorporateActionsFormat.IssuingCompanyProperty) ?? "?";
            var reason = JsonFile.Text(missing, CorporateActionsFormat.ReasonProperty) ?? "no reason given";
            events.Missing(missing.GetRawText(), $"issuer {issuer} is missing from the snapshot: {reason}");
        }

        events.Complete();
    }

    private static void ReadCompany(JsonElement company, EventRows events)
    {
        if (JsonFile.Text(company, CorporateActionsFormat.IssuingCompanyProperty) is not { } issuer)
        {
            events.Reject(company.GetRawText(), $"a company needs its {CorporateActionsFormat.IssuingCompanyProperty}");
            return;
        }

        var entries = ReadSupplement(issuer, JsonFile.Property(company, CorporateActionsFormat.SupplementProperty), events);
        foreach (var entry in entries)
        {
            foreach (var item in Items(entry, CorporateActionsFormat.StockDividendsProperty))
            {
                events.Write(item, row => ReadShareEvent(issuer, item, row));
            }

            foreach (var item in Items(entry, CorporateActionsFormat.CashDividendsProperty))
            {
                events.Write(item, row => ReadCashEvent(issuer, item, row));
            }
        }

        var history = JsonFile.Property(company, CorporateActionsFormat.CashDividendsProperty);
        if (history.ValueKind == JsonValueKind.Array)
        {
            var isins = entries.SelectMany(entry => Items(entry, CorporateActionsFormat.StockDividendsProperty).Concat(Items(entry, CorporateActionsFormat.CashDividendsProperty)))
                .Select(IsinOf);
            ReadCashHistory(issuer, TickerNames.RootOf(isins) ?? issuer, history, events);
        }
    }

    /// <summary>The supplement's company objects, decoded from a string if B3 wrapped them; none for an empty body or a bad answer (rejected).</summary>
    private static List<JsonElement> ReadSupplement(string issuer, JsonElement supplement, EventRows events)
    {
        JsonElement companies;
        try
        {
            companies = CorporateActionsFormat.Unwrap(supplement);
        }
        catch (JsonException e)
        {
            events.Reject(supplement.GetRawText(), $"{issuer}'s supplement is a string that does not hold JSON: {e.Message}");
            return [];
        }

        if (companies.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }

        if (companies.ValueKind != JsonValueKind.Array)
        {
            events.Reject(companies.GetRawText(), $"{issuer}'s supplement is not an array (GetListedSupplementCompany answers [{{…}}])");
            return [];
        }

        return [.. companies.EnumerateArray()];
    }

    private static void ReadCashHistory(string issuer, string tickerRoot, JsonElement pages, EventRows events)
    {
        long declared = -1, read = 0;
        foreach (var page in pages.EnumerateArray())
        {
            if (declared < 0 && JsonFile.Property(JsonFile.Property(page, CorporateActionsFormat.PageProperty), CorporateActionsFormat.TotalRecordsProperty)
                    is { ValueKind: JsonValueKind.Number } total)
            {
                declared = total.GetInt64();
            }

            foreach (var item in Items(page, CorporateActionsFormat.ResultsProperty))
            {
                read++;
                events.Write(item, row => ReadHistoryEvent(issuer, tickerRoot, item, row));
            }
        }

        if (declared != read)
        {
            throw new InvalidFileException(
                $"{issuer}'s cash history declares {(declared < 0 ? "no" : declared.ToString(System.Globalization.CultureInfo.InvariantCulture))} page.totalRecords but {read} rows were stored: a page is missing");
        }
    }

    private static void ReadShareEvent(string issuer, JsonElement item, RowBuffer row)
    {
        var label = Common(issuer, item, row, CorporateActionsLayout.Supplement, "label", "lastDatePrior", "approvedOn");
        var isin = SetIsin(item, row);
        row.SetText(Ticker, TickerNames.FromIsin(isin));
        JsonRowValues.SetNumber(row, Factor, JsonFile.Property(item, "factor"));
        var (kind, multiplier) = ShareEventKind.Of(label ?? string.Empty, row.Numeric(Factor));
        row.SetText(Kind, kind);
        row.SetBoolean(Sized, kind != ShareEventKind.Other);
        if (multiplier is { } sized)
        {
            row.SetNumeric(ShareMultiplier, sized);
        }
        else if (kind != ShareEventKind.Other)
        {
            row.Fail($"a {label} needs its factor");
        }
    }

    private static void ReadCashEvent(string issuer, JsonElement item, RowBuffer row)
    {
        Common(issuer, item, row, CorporateActionsLayout.Supplement, "label", "lastDatePrior", "approvedOn");
        row.SetText(Ticker, TickerNames.FromIsin(SetIsin(item, row)));
        SetCash(row, JsonFile.Property(item, "rate"), quotedPerShares: null);
        JsonRowValues.SetDate(row, PaymentDate, JsonFile.Property(item, "paymentDate"), CorporateActionsFormat.B3DateFormat);
        row.SetText(RelatedTo, JsonFile.Text(item, "relatedTo"));
    }

    private static void ReadHistoryEvent(string issuer, string tickerRoot, JsonElement item, RowBuffer row)
    {
        Common(issuer, item, row, CorporateActionsLayout.CashHistory, "corporateAction", "lastDatePriorEx", "dateApproval");
        row.SetText(Ticker, TickerNames.FromShareClass(tickerRoot, JsonFile.Text(item, "typeStock")));
        SetCash(row, JsonFile.Property(item, "valueCash"), JsonFile.Text(item, "quotedPerShares"));
    }

    /// <summary>What every event has: issuer, source, label, dates. Returns the label.</summary>
    private static string? Common(string issuer, JsonElement item, RowBuffer row, string source, string label, string lastDatePrior, string approvedOn)
    {
        row.SetText(Issuer, issuer);
        row.SetText(Source, source);
        var text = JsonFile.Text(item, label);
        row.SetText(Label, text);
        JsonRowValues.SetDate(row, ApprovedOn, JsonFile.Property(item, approvedOn), CorporateActionsFormat.B3DateFormat);
        if (JsonRowValues.SetDate(row, LastDatePrior, JsonFile.Property(item, lastDatePrior), CorporateActionsFormat.B3DateFormat) is { } com)
        {
            row.SetDate(ExDate, ExDates.After(com));
        }

        return text;
    }

    private static string? SetIsin(JsonElement item, RowBuffer row)
    {
        var isin = IsinOf(item);
        row.SetText(Isin, isin);
        return isin;
    }

    private static string? IsinOf(JsonElement item) => JsonFile.Text(item, "isinCode") ?? JsonFile.Text(item, "assetIssued");

    /// <summary>BRL per share: rows up to 2007 may be quoted per thousand shares (<c>quotedPerShares</c>), which is divided out.</summary>
    private static void SetCash(RowBuffer row, JsonElement amount, string? quotedPerShares)
    {
        row.SetText(Kind, ShareEventKind.Cash);
        row.SetBoolean(Sized, true);
        JsonRowValues.SetNumber(row, CashAmount, amount);
        if (row.IsNull(CashAmount))
        {
            row.Fail("a cash event needs its amount per share");
        }
        else if (quotedPerShares is not null)
        {
            if (!BrazilianNumber.TryParse(quotedPerShares, out var perShares) || perShares <= 0)
            {
                row.Fail($"quotedPerShares is not a positive number: '{quotedPerShares}'");
            }
            else
            {
                row.SetNumeric(CashAmount, row.Numeric(CashAmount)!.Value / perShares);
            }
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        JsonFile.Property(parent, name) is { ValueKind: JsonValueKind.Array } items ? items.EnumerateArray() : [];

    /// <summary>The snapshot's rows in order: each gets the next position, and goes to the table or to quarantine.</summary>
    private sealed class EventRows(DateOnly date, IRowTarget target)
    {
        private readonly RowBuffer _row = new(Schema, CorporateActionsLayout.Labels);
        private readonly RowGate _gate = new(target, CorporateActionsLayout.Rules.Start());
        private long _position;

        public void Write(JsonElement item, Action<RowBuffer> read)
        {
            _position++;
            _row.Clear();
            _row.SetDate(Date, date);
            _row.SetInteger(Position, _position);
            if (item.ValueKind == JsonValueKind.Object)
            {
                read(_row);
            }
            else
            {
                _row.Fail("an event must be a JSON object");
            }

            _gate.Submit(_row, _position, item.GetRawText());
        }

        public void Reject(string raw, string reason) => _gate.Reject(++_position, raw, reason);

        /// <summary>A missing issuer is recorded, not counted against the file: B3 failing on some issuers does not make the rest wrong.</summary>
        public void Missing(string raw, string reason) => target.Reject(++_position, raw, reason);

        public void Complete() => _gate.Complete();
    }
}
