using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using B3.Core.Calendar;

namespace B3.Testing.FakeB3;

/// <summary>
/// The files the fake B3 serves. Each dataset has a template (a real or fixture file of one day): that day gets the
/// template's exact bytes, every other published day a copy with its dates rewritten (and fewer rows). Files set with
/// <see cref="Set"/> win. BDI exports and the IBOV portfolio are generated in B3's documented shapes.
/// </summary>
public sealed partial class FakeB3Files(FakeB3Template instruments, FakeB3Template trades, FakeB3Template cotahist)
{
    public const string InstrumentsReport = "InstrumentsEquities";
    public const string TradesReport = "ConsolidatedTradesEquities";

    /// <summary>Rows kept in a generated day (the template's first ones).</summary>
    private const int GeneratedRows = 40;

    private readonly Dictionary<(string Kind, DateOnly Date), byte[]> _files = [];

    /// <summary>Days B3 has files for (default: B3 trading days).</summary>
    public Func<DateOnly, bool> IsPublished { get; set; } = date => TradingCalendar.B3.Covers(date) && TradingCalendar.B3.IsTradingDay(date);

    /// <summary>The one day the index API's current portfolio is dated.</summary>
    public DateOnly PortfolioDate { get; set; } = new(2025, 12, 5);

    public int PortfolioMembers { get; set; } = 85;

    /// <summary>The listed-companies API's issuers, supplements and cash histories.</summary>
    public FakeListedCompanies ListedCompanies { get; } = new();

    /// <summary>Replaces the file of one kind (<c>instruments</c>, <c>trades</c>, <c>cotahist</c>, <c>cotahist-yearly</c>) and day.</summary>
    public void Set(string kind, DateOnly date, byte[] body)
    {
        lock (_files)
        {
            _files[(kind, date)] = body;
        }
    }

    public byte[]? Instruments(DateOnly date) => Get("instruments", date, () => RewriteCsv(instruments, date));

    public byte[]? Trades(DateOnly date) => Get("trades", date, () => RewriteCsv(trades, date));

    public byte[]? CotahistDaily(DateOnly date) => Get("cotahist", date, () => RewriteCotahist(date, yearly: false));

    public byte[]? CotahistYearly(int year)
    {
        var date = new DateOnly(year, 12, 31);
        lock (_files)
        {
            if (_files.TryGetValue(("cotahist-yearly", date), out var set))
            {
                return set;
            }
        }

        return RewriteCotahist(date, yearly: true);
    }

    /// <summary>A BDI CSV export (b3-data-formats.md §5.2): UTF-8 with BOM, three preamble lines, header, rows, footer.</summary>
    public byte[] BdiExport(string report, DateOnly date)
    {
        var text = new StringBuilder();
        var day = date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        text.Append(CultureInfo.InvariantCulture, $"Boletim Diário do Mercado - {report} - {day}. Dados sujeitos a alteração.\r\n");
        text.Append("Glossário: https://www.b3.com.br/pt_br/market-data-e-indices/servicos-de-dados/market-data/consultas/boletim-diario/\r\n\r\n");
        if (!IsPublished(date))
        {
            text.Append("Nenhum resultado\r\n");
        }
        else if (report == InstrumentsReport)
        {
            text.Append("TckrSymb;Asst;AsstDesc;SgmtNm;MktNm;SctyCtgyNm;XprtnDt;TradgStartDt;TradgEndDt;ISIN;CFICd;OptnTp;AllcnRndLot;TradgCcy;DlvryTpNm;ExrcPric;OptnStyle;PrmUpfrntInd;DstrbtnId;PricFctr;DaysToSttlm;SrsTpNm;PrtcnFlg;AutomtcExrcInd;SpcfctnCd;CrpnNm;CorpActnStartDt;CtdyTrtmntTpNm;MktCptlstn;CorpGovnLvlNm\r\n");
            text.Append("PETR4;PETR;PETR;CASH;EQUITY-CASH;SHARES;-;02/01/2018;31/12/9999;BRPETRACNPR6;EPNNPR;-;100;BRL;-;-;-;-;214;1;2;-;-;-;PN      N2;PETROLEO BRASILEIRO S.A. PETROBRAS;31/12/9999;FUNGIBLE;13044496930;NIVEL 2\r\n");
            text.Append("BOVA11;BOVA;ISHARES BOVACI;CASH;EQUITY-CASH;ETF EQUITIES;-;02/12/2008;31/12/9999;BRBOVACTF003;CICGRY;-;1;BRL;-;-;-;-;100;1;2;-;-;-;CI;ISHARES IBOVESPA FUNDO DE ÍNDICE;31/12/9999;FUNGIBLE;-;-\r\n");
            text.Append("PETRB25;PETR4;PETR;EQUITY CALL;EQUITY-DERIVATE;OPTION ON EQUITIES;17/02/2028;20/01/2025;17/02/2028;BRPETR4B0US1;OCASPS;Call;100;BRL;FINANCIAL;19,51;AMER;TRUE;197;1;1;SEM CORRECAO;TRUE;FALSE;-;-;31/12/9999;FUNGIBLE;-;-\r\n");
        }
        else
        {
            text.Append("RptDt;TckrSymb;ISIN;SgmtNm;MktNm;OpenPric;MinPric;MaxPric;TradAvrgPric;LastPric;Osc;TradQty;FinInstrmQty;NtlFinVol\r\n");
            text.Append(CultureInfo.InvariantCulture, $"{day};PETR4;BRPETRACNPR6;CASH;EQUITY-CASH;35,85;35,54;36,32;35,96;36,18;0,92;80.702;49.792.700;1.790.870.570,00\r\n");
            text.Append(CultureInfo.InvariantCulture, $"{day};BOVA11;BRBOVACTF003;CASH;EQUITY-CASH;124,10;123,51;125,02;124,40;124,90;0,61;41.200;9.876.500;1.228.636.000,00\r\n");
        }

        text.Append("Informamos que a tabela acima não será publicada no Boletim Completo.\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>One page of GetPortfolioDay (b3-data-formats.md §11), pt-BR number formats.</summary>
    public JsonObject PortfolioPage(int pageNumber, int pageSize)
    {
        pageSize = Math.Max(1, pageSize);
        var totalPages = (PortfolioMembers + pageSize - 1) / pageSize;
        var results = new JsonArray();
        for (var i = (pageNumber - 1) * pageSize; i < Math.Min(PortfolioMembers, pageNumber * pageSize); i++)
        {
            var (code, asset, type) = i < KnownMembers.Length ? KnownMembers[i] : ($"TST{i:D3}3", $"TESTE {i:D3}", "ON      NM");
            results.Add(new JsonObject
            {
                ["segment"] = null,
                ["cod"] = code,
                ["asset"] = asset,
                ["type"] = type,
                ["part"] = (1.0 + (i % 7 * 0.25)).ToString("0.000", PtBr),
                ["partAcum"] = null,
                ["theoricalQty"] = (100_000_000L + (i * 1_234_567L)).ToString("#,0", PtBr),
            });
        }

        return new JsonObject
        {
            ["page"] = new JsonObject { ["pageNumber"] = pageNumber, ["pageSize"] = pageSize, ["totalRecords"] = PortfolioMembers, ["totalPages"] = totalPages },
            ["header"] = new JsonObject
            {
                ["date"] = PortfolioDate.ToString("dd/MM/yy", CultureInfo.InvariantCulture),
                ["text"] = "Quantidade Teórica Total",
                ["part"] = "100,000",
                ["partAcum"] = null,
                ["textReductor"] = "Redutor",
                ["reductor"] = "16.046.134,29374553",
                ["theoricalQty"] = "97.823.155.486",
            },
            ["results"] = results,
        };
    }

    private static readonly CultureInfo PtBr = CultureInfo.GetCultureInfo("pt-BR");

    private static readonly (string Code, string Asset, string Type)[] KnownMembers =
    [
        ("PETR4", "PETROBRAS", "PN      N2"),
        ("VALE3", "VALE", "ON      NM"),
        ("ITUB4", "ITAUUNIBANCO", "PN  EJ  N1"),
        ("BOVA11", "ISHARES BOVA", "CI"),
        ("SANB11", "SANTANDER BR", "UNT"),
    ];

    private byte[]? Get(string kind, DateOnly date, Func<byte[]> generate)
    {
        lock (_files)
        {
            if (_files.TryGetValue((kind, date), out var set))
            {
                return set;
            }
        }

        return IsPublished(date) ? generate() : null;
    }

    /// <summary>The template CSV with its report date rewritten at the start of each row; Latin-1 keeps every byte as it is.</summary>
    private static byte[] RewriteCsv(FakeB3Template template, DateOnly date)
    {
        if (date == template.Date)
        {
            return template.Body;
        }

        var text = Encoding.Latin1.GetString(template.Body);
        var from = template.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = text.Split('\n');
        var kept = lines.TakeWhile(line => !line.StartsWith(from, StringComparison.Ordinal)).ToList();
        kept.AddRange(lines.Where(line => line.StartsWith(from, StringComparison.Ordinal)).Take(GeneratedRows)
            .Select(line => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + line[from.Length..]));
        return Encoding.Latin1.GetBytes(string.Join('\n', kept) + (text.EndsWith('\n') ? "\n" : string.Empty));
    }

    /// <summary>
    /// A COTAHIST ZIP for <paramref name="date"/> (or its year) made from the template's header, first quotes and trailer,
    /// with every date and the trailer's count rewritten.
    /// </summary>
    private byte[] RewriteCotahist(DateOnly date, bool yearly)
    {
        if (!yearly && date == cotahist.Date)
        {
            return cotahist.Body;
        }

        var records = ReadCotahistRecords(cotahist.Body);
        var quotes = records.Where(r => r.StartsWith("01", StringComparison.Ordinal)).Take(GeneratedRows).ToList();
        var stamp = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var year = date.Year.ToString("D4", CultureInfo.InvariantCulture);
        var lines = new List<string> { Replace(Replace(records[0], 11, year), 23, stamp) };
        lines.AddRange(quotes.Select((quote, i) => Replace(quote, 2, yearly ? new DateOnly(date.Year, 1 + (i % 12), 2).ToString("yyyyMMdd", CultureInfo.InvariantCulture) : stamp)));
        var count = (lines.Count + 1).ToString("D11", CultureInfo.InvariantCulture);
        lines.Add(Replace(Replace(Replace(records[^1], 11, year), 23, stamp), 31, count));

        var member = yearly ? $"COTAHIST_A{year}.TXT" : $"COTAHIST_D{date.ToString("ddMMyyyy", CultureInfo.InvariantCulture)}.TXT";
        return Zip(member, Encoding.Latin1.GetBytes(string.Concat(lines.Select(line => line + "\r\n"))));
    }

    public static byte[] Zip(string member, byte[] content)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry(member, CompressionLevel.Fastest);
            // A fixed time, so that the same file built twice has the same bytes (as B3 serves it): the entry's
            // default, now, made a test that compares stored hashes fail whenever its two downloads straddled a second.
            entry.LastWriteTime = new DateTimeOffset(2025, 1, 2, 20, 0, 0, TimeSpan.Zero);
            using var stream = entry.Open();
            stream.Write(content);
        }

        return zip.ToArray();
    }

    private static List<string> ReadCotahistRecords(byte[] zipBytes)
    {
        using var archive = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        using var reader = new StreamReader(archive.Entries.Single().Open(), Encoding.Latin1);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string Replace(string record, int index, string value) =>
        string.Concat(record.AsSpan(0, index), value, record.AsSpan(index + value.Length));

    [GeneratedRegex("^Status do Arquivo:[^\r\n]*")]
    private static partial Regex StatusLine();

    /// <summary>The file with its status line saying <c>Parcial</c> (one is added when it has none).</summary>
    public static byte[] MakePartial(byte[] body)
    {
        var text = Encoding.Latin1.GetString(body);
        text = StatusLine().IsMatch(text) ? StatusLine().Replace(text, "Status do Arquivo: Parcial", 1) : "Status do Arquivo: Parcial\r\n" + text;
        return Encoding.Latin1.GetBytes(text);
    }
}

/// <summary>A real (or fixture) file and the day it belongs to.</summary>
public sealed record FakeB3Template(DateOnly Date, byte[] Body);
