using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace B3.WebhookApi.Queries;

/// <summary>
/// Reads a request's parameters and collects what is wrong with them, each error under the parameter's name, so one
/// 400 problem+json answer (<c>errors</c>: parameter → messages) names every bad parameter at once.
/// </summary>
public sealed partial class QueryErrors
{
    public const string DateFormat = "yyyy-MM-dd";

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Null when the parameter is absent or empty (an error is recorded when it is not a date).</summary>
    public DateOnly? Date(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Add(name, $"'{value}' is not a date in {DateFormat} form.");
        return null;
    }

    /// <summary><paramref name="fallback"/> when absent; an error when not a whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Integer(string name, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        Add(name, $"'{value}' is not a whole number from {min} to {max}.");
        return fallback;
    }

    /// <summary>The optional <c>from</c> and <c>to</c> dates; an error on <c>from</c> when it is after <c>to</c>.</summary>
    public (DateOnly? From, DateOnly? To) DateRange(string? from, string? to)
    {
        var start = Date("from", from);
        var end = Date("to", to);
        if (start > end)
        {
            Add("from", $"from ({Format(start!.Value)}) is after to ({Format(end!.Value)}).");
        }

        return (start, end);
    }

    /// <summary>The ticker in upper case; B3 tickers are letters and digits (PETR4, BOVA11, PETRK370).</summary>
    public string Ticker(string value)
    {
        var ticker = value.Trim().ToUpperInvariant();
        if (!TickerPattern().IsMatch(ticker))
        {
            Add("ticker", $"'{value}' is not a ticker (1 to 12 letters and digits).");
        }

        return ticker;
    }

    /// <summary>A value that must be one of the names of <typeparamref name="TEnum"/> (any case); <paramref name="fallback"/> when absent.</summary>
    public TEnum Choice<TEnum>(string name, string? value, TEnum fallback) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var choice) && Enum.IsDefined(choice) && !char.IsDigit(value.Trim()[0]))
        {
            return choice;
        }

        Add(name, $"'{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}.");
        return fallback;
    }

    /// <summary>The values of a comma-separated parameter that must each be one of <paramref name="allowed"/>; all of them when absent.</summary>
    public string[] OneOf(string name, string? value, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [.. allowed];
        }

        var values = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => v.ToLowerInvariant())
            .Distinct()
            .ToArray();
        var unknown = values.Where(v => !allowed.Contains(v)).ToList();
        if (values.Length == 0 || unknown.Count > 0)
        {
            Add(name, $"'{value}' is not one or more of {string.Join(", ", allowed)} (comma-separated).");
        }

        return values;
    }

    public void Add(string name, string message) =>
        _errors[name] = _errors.TryGetValue(name, out var messages) ? [.. messages, message] : [message];

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        _errors,
        detail: string.Join(" ", _errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")),
        title: "Invalid request parameters");

    public static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z0-9]{1,12}$")]
    private static partial Regex TickerPattern();
}
