namespace B3.Testing.FakeB3;

/// <summary>The URLs of B3 that <see cref="FakeB3Server"/> implements; faults are programmed per route.</summary>
public enum FakeB3Route
{
    /// <summary><c>GET /api/download/requestname?fileName=…&amp;date=…</c></summary>
    RequestName,

    /// <summary><c>GET /api/download/?token=…</c></summary>
    Download,

    /// <summary><c>POST /bdi/table/export/csv</c></summary>
    BdiExport,

    /// <summary><c>GET /InstDados/SerHist/COTAHIST_*.ZIP</c></summary>
    Cotahist,

    /// <summary><c>GET /indexProxy/indexCall/GetPortfolioDay/{base64}</c></summary>
    IndexPortfolio,

    /// <summary><c>GET /listedCompaniesProxy/CompanyCall/GetInitialCompanies/{base64}</c>: the issuers, paged.</summary>
    InitialCompanies,

    /// <summary><c>GET /listedCompaniesProxy/CompanyCall/GetListedSupplementCompany/{base64}</c>: one issuer's corporate events.</summary>
    SupplementCompany,

    /// <summary><c>GET /listedCompaniesProxy/CompanyCall/GetListedCashDividends/{base64}</c>: a trading name's cash history, paged.</summary>
    CashDividends,
}

/// <summary>A programmed answer that replaces the normal one.</summary>
public sealed record FakeResponse(int StatusCode, string ContentType, byte[] Body, FakeResponseKind Kind = FakeResponseKind.Fixed)
{
    public const string ConsentPage = "<!DOCTYPE html><html><head><title>B3</title></head><body>Aceite os cookies para continuar.</body></html>";

    public static FakeResponse Status(int statusCode) => new(statusCode, "text/plain", System.Text.Encoding.ASCII.GetBytes($"status {statusCode}"));

    /// <summary>B3's consent or error page, with HTTP 200.</summary>
    public static FakeResponse Html() => new(200, "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(ConsentPage));

    /// <summary>The same HTML page sent as if it were a file (no telling Content-Type).</summary>
    public static FakeResponse HtmlAsFile() => new(200, "application/octet-stream", System.Text.Encoding.UTF8.GetBytes(ConsentPage));

    public static FakeResponse EmptyBody() => new(200, "application/octet-stream", []);

    /// <summary>A JSON answer with HTTP 200, e.g. a programmed listed-companies page.</summary>
    public static FakeResponse Json(byte[] body) => new(200, "application/json; charset=utf-8", body);

    /// <summary>requestname: HTTP 200 with an empty token (the file is not published yet).</summary>
    public static FakeResponse EmptyToken() => new(200, "application/json", [], FakeResponseKind.EmptyToken);

    /// <summary>download: the day's file with its first line set to <c>Status do Arquivo: Parcial</c>.</summary>
    public static FakeResponse Partial() => new(200, "application/octet-stream", [], FakeResponseKind.Partial);
}

public enum FakeResponseKind
{
    Fixed,
    EmptyToken,
    Partial,
}

/// <summary>A request the fake answered; <paramref name="Parameters"/> is the decoded JSON of a base64 path token.</summary>
public sealed record FakeB3Request(FakeB3Route? Route, string Method, string PathAndQuery, int StatusCode, string? UserAgent, string? Parameters = null);

/// <summary>A file body the fake sent with HTTP 200 (what a test compares the stored object with).</summary>
public sealed record FakeServedFile(FakeB3Route Route, string PathAndQuery, DateOnly Date, byte[] Body);
