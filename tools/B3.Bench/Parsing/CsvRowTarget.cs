using System.Globalization;
using B3.Processor.Parsing;
using NpgsqlTypes;

namespace B3.Bench.Parsing;

/// <summary>
/// Writes what a parser yields as PostgreSQL CSV — object key, ETag, then the parser's columns, as the Processor's COPY
/// writes them — so psql's <c>\copy</c> loads exactly the rows the Processor loads.
/// </summary>
internal sealed class CsvRowTarget(TextWriter writer, string key, string etag) : IRowTarget
{
    public long Rows { get; private set; }

    public long Rejects { get; private set; }

    public void WriteRow(RowValues row)
    {
        if (Rows++ > 0)
        {
            writer.Write('\n');
        }

        WriteText(key);
        writer.Write(',');
        WriteText(etag);
        for (var column = 0; column < row.Count; column++)
        {
            writer.Write(',');
            if (row.HasValue(column))
            {
                WriteValue(row, column);
            }
        }
    }

    public void Reject(long lineNumber, string rawLine, string reason) => Rejects++;

    public void Complete() => writer.Write('\n');

    private void WriteValue(RowValues row, int column)
    {
        switch (row.Type(column))
        {
            case NpgsqlDbType.Text:
                WriteText(row.Text(column));
                break;
            case NpgsqlDbType.Date:
                writer.Write(row.Date(column).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case NpgsqlDbType.Boolean:
                writer.Write(row.Boolean(column) ? 't' : 'f');
                break;
            case NpgsqlDbType.Numeric:
                writer.Write(row.Numeric(column).ToString(CultureInfo.InvariantCulture));
                break;
            case NpgsqlDbType.Bigint or NpgsqlDbType.Integer:
                writer.Write(row.Bigint(column).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"No CSV form for {row.Type(column)}.");
        }
    }

    private void WriteText(string text)
    {
        writer.Write('"');
        writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
