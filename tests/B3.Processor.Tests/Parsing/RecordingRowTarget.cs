using System.Globalization;
using B3.Core.Datasets;
using B3.Processor.Parsing;
using NpgsqlTypes;

namespace B3.Processor.Tests.Parsing;

/// <summary>
/// Keeps what a parser wrote: each row as its values in column order (with the type each was written as), and each
/// reject. Fails the test when the parser breaks the <see cref="IRowTarget"/> contract: a row with the wrong number of
/// values, or a value whose CLR type does not match the type it was written as.
/// </summary>
public sealed class RecordingRowTarget(IReadOnlyList<string> columns) : IRowTarget
{
    private static readonly ObjectKeys Keys = new();
    private List<(object? Value, NpgsqlDbType? Type)>? _current;

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
        target.EndRow();
        return target;
    }

    public static RecordingRowTarget Parse(IFileParser parser, string key, byte[] content) => Parse(parser, key, new MemoryStream(content));

    /// <summary>Parses a whole file into a target that takes whole rows (<see cref="IWholeRowTarget"/>), recorded the same way.</summary>
    public static RecordingRowTarget ParseWholeRows(IFileParser parser, string key, byte[] content)
    {
        Assert.True(Keys.TryParse(key, out var objectKey), $"{key} is not an object key");
        var target = new WholeRows(new RecordingRowTarget(parser.Columns));
        parser.Parse(new MemoryStream(content), new ParseContext(objectKey), target, TestContext.Current.CancellationToken);
        target.Recorded.EndRow();
        return target.Recorded;
    }

    public void StartRow()
    {
        EndRow();
        _current = [];
    }

    public void Write<T>(T value, NpgsqlDbType type)
    {
        // Plain checks: an xunit assertion per value would dominate the time of a 22,000-row file.
        if (_current is null || value is null || value.GetType() != ClrTypeOf(type))
        {
            Assert.Fail($"Write({value?.GetType().Name ?? "null"} {value}, {type}) {(_current is null ? "outside a row" : "does not match its type")}.");
        }

        _current.Add((value, type));
    }

    public void WriteNull()
    {
        if (_current is null)
        {
            Assert.Fail("WriteNull() outside a row.");
        }

        _current.Add((null, null));
    }

    public void Reject(long lineNumber, string rawLine, string reason)
    {
        EndRow();
        Rejects.Add((lineNumber, rawLine, reason));
    }

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
        var row = Assert.Single(TypedRows, row => Equals(row[index].Value, value));
        return columns.Select((name, i) => (name, row[i].Value)).ToDictionary(pair => pair.name, pair => pair.Value);
    }

    private int IndexOf(string column)
    {
        var index = columns.ToList().IndexOf(column);
        Assert.True(index >= 0, $"The parser writes no column {column}.");
        return index;
    }

    private void EndRow()
    {
        if (_current is null)
        {
            return;
        }

        if (_current.Count != columns.Count)
        {
            Assert.Fail($"Row {TypedRows.Count + 1} has {_current.Count} values for {columns.Count} columns.");
        }

        TypedRows.Add([.. _current]);
        _current = null;
    }

    /// <summary>Takes whole rows and records each value as the per-value calls would; fails on a per-value call.</summary>
    private sealed class WholeRows(RecordingRowTarget recorded) : IWholeRowTarget
    {
        public RecordingRowTarget Recorded => recorded;

        public void WriteRow(RowValues row)
        {
            recorded.StartRow();
            for (var column = 0; column < row.Count; column++)
            {
                if (row.HasValue(column))
                {
                    recorded.Write(Boxed(row, column), row.Type(column));
                }
                else
                {
                    recorded.WriteNull();
                }
            }
        }

        public void StartRow() => Assert.Fail("StartRow() on a target that takes whole rows.");

        public void Write<T>(T value, NpgsqlDbType type) => Assert.Fail($"Write({value}, {type}) on a target that takes whole rows.");

        public void WriteNull() => Assert.Fail("WriteNull() on a target that takes whole rows.");

        public void Reject(long lineNumber, string rawLine, string reason) => recorded.Reject(lineNumber, rawLine, reason);

        private static object Boxed(RowValues row, int column) => row.Type(column) switch
        {
            NpgsqlDbType.Text => row.Text(column),
            NpgsqlDbType.Numeric => row.Numeric(column),
            NpgsqlDbType.Date => row.Date(column),
            NpgsqlDbType.Integer => row.Integer(column),
            NpgsqlDbType.Bigint => row.Bigint(column),
            _ => row.Boolean(column),
        };
    }

    private static Type ClrTypeOf(NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Text => typeof(string),
        NpgsqlDbType.Numeric => typeof(decimal),
        NpgsqlDbType.Bigint => typeof(long),
        NpgsqlDbType.Integer => typeof(int),
        NpgsqlDbType.Date => typeof(DateOnly),
        NpgsqlDbType.Boolean => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No parser writes this type."),
    };
}
