using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using B3.Core.Formats;

namespace B3.Downloader.Sources;

/// <summary>One issuer's answers, each body exactly as B3 sent it.</summary>
/// <param name="Supplement">GetListedSupplementCompany's body, or null when B3 answered with an empty body.</param>
/// <param name="CashDividends">GetListedCashDividends' pages on a full-history day; null on other days.</param>
public sealed record CompanySnapshot(string IssuingCompany, string TradingName, byte[]? Supplement, IReadOnlyList<byte[]>? CashDividends);

/// <summary>An issuer whose calls failed after retries, and why: recorded, never dropped.</summary>
public sealed record MissingIssuer(string IssuingCompany, string Reason);

/// <summary>
/// Streams the stored corporate-actions snapshot (<see cref="CorporateActionsFormat"/>) to a file one company at a time,
/// so thousands of issuers never sit in memory together. B3's bodies go in as raw JSON, byte for byte.
/// </summary>
public sealed class CorporateActionsEnvelope : IAsyncDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Utf8JsonWriter _writer;

    /// <summary>Opens the envelope: the date, then the companies' array.</summary>
    public CorporateActionsEnvelope(Stream stream, DateOnly date)
    {
        _writer = new Utf8JsonWriter(stream, Options);
        _writer.WriteStartObject();
        _writer.WriteString(CorporateActionsFormat.DateProperty, date.ToString(CorporateActionsFormat.DateFormat, CultureInfo.InvariantCulture));
        _writer.WriteStartArray(CorporateActionsFormat.CompaniesProperty);
    }

    public int Companies { get; private set; }

    /// <summary>Adds one company; its bodies must be valid JSON already (they are written unchecked).</summary>
    public async Task WriteAsync(CompanySnapshot company, CancellationToken cancellationToken)
    {
        _writer.WriteStartObject();
        _writer.WriteString(CorporateActionsFormat.IssuingCompanyProperty, company.IssuingCompany);
        _writer.WriteString(CorporateActionsFormat.TradingNameProperty, company.TradingName);
        _writer.WritePropertyName(CorporateActionsFormat.SupplementProperty);
        WriteRawOrNull(company.Supplement);
        if (company.CashDividends is { } pages)
        {
            _writer.WriteStartArray(CorporateActionsFormat.CashDividendsProperty);
            foreach (var page in pages)
            {
                WriteRawOrNull(page);
            }

            _writer.WriteEndArray();
        }

        _writer.WriteEndObject();
        Companies++;
        await _writer.FlushAsync(cancellationToken);
    }

    /// <summary>Closes the companies' array, writes the missing issuers and closes the envelope.</summary>
    public async Task CompleteAsync(IEnumerable<MissingIssuer> missing, CancellationToken cancellationToken)
    {
        _writer.WriteEndArray();
        _writer.WriteStartArray(CorporateActionsFormat.MissingProperty);
        foreach (var issuer in missing)
        {
            _writer.WriteStartObject();
            _writer.WriteString(CorporateActionsFormat.IssuingCompanyProperty, issuer.IssuingCompany);
            _writer.WriteString(CorporateActionsFormat.ReasonProperty, issuer.Reason);
            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        _writer.WriteEndObject();
        await _writer.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private void WriteRawOrNull(byte[]? json)
    {
        if (json is null)
        {
            _writer.WriteNullValue();
        }
        else
        {
            _writer.WriteRawValue(json, skipInputValidation: true);
        }
    }
}
