using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace B3.Core.Database;

/// <summary>
/// One of the SQL scripts that made the schema before EF's migrations (<c>Migrations/InitialSchema/NNNN_name.sql</c>):
/// the first EF migration, InitialSchema, runs them, and their checksums recognise a database they made.
/// </summary>
public sealed partial record SqlScript(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "initial-schema/";

    /// <summary>SHA-256 of the text with LF line ends, as the scripts' runner recorded it.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>The scripts of the initial schema, in version order.</summary>
    public static IReadOnlyList<SqlScript> InitialSchema { get; } = LoadEmbedded();

    private static List<SqlScript> LoadEmbedded()
    {
        return [.. EmbeddedSql.Names(ResourcePrefix)
            .Select(name => Parse(name[ResourcePrefix.Length..], EmbeddedSql.Read(name)))
            .OrderBy(script => script.Version)];
    }

    private static SqlScript Parse(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        return match.Success
            ? new SqlScript(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["name"].Value, sql)
            : throw new InvalidOperationException($"Script '{fileName}' must be named NNNN_description.sql.");
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
