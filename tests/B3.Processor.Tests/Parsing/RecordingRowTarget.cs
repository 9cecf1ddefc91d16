using System.Globalization;
using B3.Core.Datasets;
using B3.Processor.Parsing;
using NpgsqlTypes;

namespace B3.Processor.Tests.Parsing;

/// <summary>
/// Keeps what a parser wrote: each row as its values in column order (with the type each was written as), and each
/// reject. Fails the test when a row has another number of values than the parser has columns.
/// </summary>
public sealed class RecordingRowTarget(IReadOnlyList<string> columns) : IRowTarget
{
    private static readonly ObjectKeys Keys = new();

    public List<(object? Value, NpgsqlDbType? Type)[]> TypedRows { get; } = [];

    public IEnumerable<object?[]> Rows => TypedRows.Select(row => row.Select(cell => cell.Value).ToArray());

    /// <summary>Each row as one line of text, for comparing whole files quickly.</summary>
    public IReadOnlyList<string> RowTexts =>
        [.. TypedRows.Select(row => string.Join('|', row.Select(cell => string.Create(CultureInfo.InvariantCulture, $"{cell.Value}"))))];

    public List<(long Line, string Raw, string Reason)> Rejects { get; } = [];

    /// <summary>Parses a whole file into a new recording, as the loader would for the object <paramref name="key"/>.</summary>
    public static RecordingRowTarget Parse(IFileParser parser, string key, Stream content)
    {
        Assert.True(Keys.TryParse(key, out var objectKey), $"{key} is not an object key");
        var target = new RecordingRowTarget(parser.Columns);
        parser.Parse(content, new ParseContext(objectKey), target, TestContext.Current.CancellationToken);
        return target;
    }

    public static RecordingRowTarget Parse(IFileParser parser, string key, byte[] content) => Parse(parser, key, new MemoryStream(content));

    public void WriteRow(RowValues row)
    {
        var values = new (object? Value, NpgsqlDbType? Type)[row.Count];
        for (var column = 0; column < row.Count; column++)
        {
            values[column] = row.HasValue(column) ? (Boxed(row, column), row.Type(column)) : (null, null);
        }

        if (values.Length != columns.Count)
        {
            Assert.Fail($"Row {TypedRows.Count + 1} has {values.Length} values for {columns.Count} columns.");
        }

        TypedRows.Add(values);
    }

    public void Reject(long lineNumber, string rawLine, string reason) => Rejects.Add((lineNumber, rawLine, reason));

    /// <summary>The values of one column, in row order.</summary>
    public IEnumerable<T?> Column<T>(string column)
    {
        var index = IndexOf(column);
        return TypedRows.Select(row => (T?)row[index].Value);
    }

    /// <summary>The only row whose <paramref name="column"/> holds <paramref name="value"/>, as column name to value.</summary>
    public IReadOnlyDictionary<string, object?> Single(string column, object value)
    {
        var index = IndexOf(column);
        return AsDictionary(Assert.Single(TypedRows, row => Equals(row[index].Value, value)));
    }

    /// <summary>The rows whose <paramref name="column"/> holds <paramref name="value"/>, in order, as column name to value.</summary>
    public List<IReadOnlyDictionary<string, object?>> Where(string column, object value)
    {
        var index = IndexOf(column);
        return [.. TypedRows.Where(row => Equals(row[index].Value, value)).Select(AsDictionary)];
    }

    private IReadOnlyDictionary<string, object?> AsDictionary((object? Value, NpgsqlDbType? Type)[] row) =>
        columns.Select((name, i) => (name, row[i].Value)).ToDictionary(pair => pair.name, pair => pair.Value);

    private int IndexOf(string column)
    {
        var index = columns.ToList().IndexOf(column);
        Assert.True(index >= 0, $"The parser writes no column {column}.");
        return index;
    }

    private static object Boxed(RowValues row, int column) => row.Type(column) switch
    {
        NpgsqlDbType.Text => row.Text(column),
        NpgsqlDbType.Numeric => row.Numeric(column),
        NpgsqlDbType.Date => row.Date(column),
        NpgsqlDbType.Integer => row.Integer(column),
        NpgsqlDbType.Bigint => row.Bigint(column),
        NpgsqlDbType.Boolean => row.Boolean(column),
        _ => throw new ArgumentOutOfRangeException(nameof(column), row.Type(column), "No parser writes this type."),
    };
}
