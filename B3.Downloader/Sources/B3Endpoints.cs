namespace B3.Downloader.Sources;

/// <summary>Base URLs of B3's services (DESIGN.md §4), each overridable by an environment variable.</summary>
public sealed class B3Endpoints
{
    public const string FilesVariable = "B3_INSTRUMENTS_URL";
    public const string CotahistVariable = "B3_COTAHIST_URL";
    public const string BdiVariable = "B3_BDI_URL";
    public const string IndexVariable = "B3_INDEX_URL";

    /// <summary>The requestname → token → download API (instruments and trades).</summary>
    public Uri Files { get; init; } = new("https://arquivos.b3.com.br");

    /// <summary>The COTAHIST folder (daily and yearly ZIPs).</summary>
    public Uri Cotahist { get; init; } = new("https://bvmf.bmfbovespa.com.br/InstDados/SerHist");

    /// <summary>The BDI table API, the fallback of instruments and trades.</summary>
    public Uri Bdi { get; init; } = new("https://arquivos.b3.com.br");

    /// <summary>The index API (<c>GetPortfolioDay</c>).</summary>
    public Uri Index { get; init; } = new("https://sistemaswebb3-listados.b3.com.br");

    /// <summary>
    /// The path segment B3's JSON APIs (index, listed companies) take their parameters in, as their own pages send them:
    /// base64 of the UTF-8 JSON, escaped for a URL.
    /// </summary>
    public static string JsonSegment(string json) => Uri.EscapeDataString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)));

    /// <summary><paramref name="baseUrl"/> + <paramref name="relative"/>, whether or not the base ends with a slash.</summary>
    public static Uri Combine(Uri baseUrl, string relative) =>
        new($"{baseUrl.AbsoluteUri.TrimEnd('/')}/{relative.TrimStart('/')}");

    public static B3Endpoints FromConfiguration(IConfiguration configuration) => new()
    {
        Files = Read(configuration, FilesVariable) ?? new B3Endpoints().Files,
        Cotahist = Read(configuration, CotahistVariable) ?? new B3Endpoints().Cotahist,
        Bdi = Read(configuration, BdiVariable) ?? new B3Endpoints().Bdi,
        Index = Read(configuration, IndexVariable) ?? new B3Endpoints().Index,
    };

    private static Uri? Read(IConfiguration configuration, string variable)
    {
        if (configuration[variable] is not { Length: > 0 } value)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"{variable} must be an http or https URL, not '{value}'.");
    }
}
