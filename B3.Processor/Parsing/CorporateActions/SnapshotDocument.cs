using System.Globalization;
using System.Text.Json;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.CorporateActions;

/// <summary>The stored envelope of a day's snapshot (<see cref="CorporateActionsFormat"/>): its date, companies and missing issuers.</summary>
internal sealed record SnapshotDocument(DateOnly Date, IReadOnlyList<JsonElement> Companies, IReadOnlyList<JsonElement> Missing)
{
    public static SnapshotDocument From(JsonElement root, ObjectKey key)
    {
        if (root.ValueKind != JsonValueKind.Object
            || JsonFile.Property(root, CorporateActionsFormat.CompaniesProperty) is not { ValueKind: JsonValueKind.Array } companies)
        {
            throw new InvalidFileException(
                $"unknown JSON shape: expected {{\"{CorporateActionsFormat.DateProperty}\", \"{CorporateActionsFormat.CompaniesProperty}\": [ … ]}}");
        }

        var missing = JsonFile.Property(root, CorporateActionsFormat.MissingProperty);
        return new SnapshotDocument(
            ReadDate(root, key),
            [.. companies.EnumerateArray()],
            missing.ValueKind == JsonValueKind.Array ? [.. missing.EnumerateArray()] : []);
    }

    private static DateOnly ReadDate(JsonElement root, ObjectKey key)
    {
        var property = JsonFile.Property(root, CorporateActionsFormat.DateProperty);
        if (property.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return key.From;
        }

        if (property.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(property.GetString(), CorporateActionsFormat.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new InvalidFileException($"the snapshot's date {property.GetRawText()} is not a yyyy-MM-dd date");
        }

        return date == key.From ? date : throw new InvalidFileException($"the snapshot is dated {date:yyyy-MM-dd} but stored as {key.Key}");
    }
}
