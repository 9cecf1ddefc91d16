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

    public void StartRow()
    {
        if (Rows++ > 0)
        {
            writer.Write('\n');
        }

        WriteText(key);
        writer.Write(',');
        WriteText(etag);
    }

    public void Write<T>(T value, NpgsqlDbType type)
    {
        writer.Write(',');
        if (typeof(T) == typeof(string))
        {
            WriteText((string)(object)value!);
        }
        else if (typeof(T) == typeof(DateOnly))
        {
            writer.Write(((DateOnly)(object)value!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else if (typeof(T) == typeof(bool))
        {
            writer.Write((bool)(object)value! ? 't' : 'f');
        }
        else if (typeof(T) == typeof(decimal))
        {
            writer.Write(((decimal)(object)value!).ToString(CultureInfo.InvariantCulture));
        }
        else if (typeof(T) == typeof(long))
        {
            writer.Write(((long)(object)value!).ToString(CultureInfo.InvariantCulture));
        }
        else if (typeof(T) == typeof(int))
        {
            writer.Write(((int)(object)value!).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            throw new NotSupportedException($"No CSV form for {typeof(T).Name} ({type}).");
        }
    }

    public void WriteNull() => writer.Write(',');

    public void Reject(long lineNumber, string rawLine, string reason) => Rejects++;

    public void Complete() => writer.Write('\n');

    private void WriteText(string text)
    {
        writer.Write('"');
        writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
