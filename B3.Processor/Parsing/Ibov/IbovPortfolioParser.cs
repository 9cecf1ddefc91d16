using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Ibov;

/// <summary>
/// The day's IBOV theoretical portfolio (GetPortfolioDay, every page; b3-data-formats.md §11) into
/// <c>b3.index_composition</c>. Numbers are pt-BR text (<c>"2,792"</c>, <c>"478.975.645"</c>); the portfolio's
/// reductor is repeated on each member. A rejected member's line number is its 1-based position across the pages.
/// </summary>
public sealed class IbovPortfolioParser : IFileParser
{
    /// <summary>A day's portfolio is some tens of KB; anything this large is not one.</summary>
    public const int MaxDocumentBytes = 16 << 20;

    private static readonly int Date = IbovLayout.Schema.IndexOf("report_date");
    private static readonly int Index = IbovLayout.Schema.IndexOf("index_code");
    private static readonly int Ticker = IbovLayout.Schema.IndexOf("ticker");
    private static readonly int Asset = IbovLayout.Schema.IndexOf("asset");
    private static readonly int Type = IbovLayout.Schema.IndexOf("type");
    private static readonly int EconomicSegment = IbovLayout.Schema.IndexOf("economic_segment");
    private static readonly int Participation = IbovLayout.Schema.IndexOf("participation");
    private static readonly int TheoreticalQuantity = IbovLayout.Schema.IndexOf("theoretical_quantity");
    private static readonly int Reductor = IbovLayout.Schema.IndexOf("reductor");

    public Dataset Dataset => Dataset.Ibov;

    public string Table => IbovLayout.Schema.Table;

    public string DateColumn => IbovLayout.Schema.DateColumn;

    public IReadOnlyList<string> Columns => IbovLayout.Schema.ColumnNames;

    public bool Recognizes(ReadOnlySpan<byte> head) => JsonFile.StartsLikeJson(head);

    public void Parse(Stream content, ParseContext context, IRowTarget target, CancellationToken cancellationToken)
    {
        using var json = JsonFile.Read(content, MaxDocumentBytes, "a day's portfolio");
        var document = PortfolioDocument.From(json.RootElement, context.Key);
        var row = new RowBuffer(IbovLayout.Schema, IbovLayout.Labels);
        var gate = new RowGate(target, IbovLayout.Rules.Start());
        long position = 0;
        foreach (var page in document.Pages)
        {
            var reductor = page.TryGetProperty("header", out var header) && header.ValueKind == JsonValueKind.Object
                && header.TryGetProperty("reductor", out var value) ? value : default;
            foreach (var member in page.GetProperty(IbovPortfolioFormat.ResultsProperty).EnumerateArray())
            {
                cancellationToken.ThrowIfCancellationRequested();
                position++;
                row.Clear();
                row.SetDate(Date, document.Date);
                row.SetText(Index, document.Index);
                if (member.ValueKind == JsonValueKind.Object)
                {
                    ReadMember(member, row);
                    JsonRowValues.SetNumber(row, Reductor, reductor);
                }
                else
                {
                    row.Fail("a portfolio member must be a JSON object");
                }

                gate.Submit(row, position, member.GetRawText());
            }
        }

        if (document.DeclaredRecords is { } declared && declared != position)
        {
            throw new InvalidFileException($"the pages declare {declared} members (page.totalRecords) but {position} were read: a page is missing");
        }

        gate.Complete();
    }

    private static void ReadMember(JsonElement member, RowBuffer row)
    {
        row.SetText(Ticker, JsonFile.Text(member, IbovPortfolioFormat.TickerProperty));
        row.SetText(Asset, JsonFile.Text(member, "asset"));
        row.SetText(Type, JsonFile.Text(member, "type"));
        row.SetText(EconomicSegment, JsonFile.Text(member, "segment"));
        JsonRowValues.SetNumber(row, Participation, JsonFile.Property(member, "part"));
        JsonRowValues.SetNumber(row, TheoreticalQuantity, JsonFile.Property(member, "theoricalQty"));
    }
}
