using B3.Core.Formats;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Parsing.Csv;

/// <summary>
/// The logical shape of one dataset's CSVs: its columns, found by header name in any order (unknown extra columns are
/// ignored, absent ones stay null), the B3 file whose required columns make a header this dataset's, and its row rules.
/// </summary>
internal sealed class CsvLayout(B3CsvFile file, IReadOnlyList<CsvColumn> columns, RowRules rules)
{
    public B3CsvFile File => file;

    public TableSchema Schema => rules.Schema;

    public RowRules Rules => rules;

    public CsvHeader? TryMapHeader(string line)
    {
        var names = SplitNames(line);
        if (MissingHeaders(names).Any())
        {
            return null;
        }

        var fieldOf = new int[columns.Count];
        var labels = new string[columns.Count];
        for (var column = 0; column < columns.Count; column++)
        {
            var header = columns[column].Headers.FirstOrDefault(names.ContainsKey);
            fieldOf[column] = header is null ? -1 : names[header];
            labels[column] = header ?? columns[column].Headers[0];
        }

        return new CsvHeader(names.Values.Max() + 1, fieldOf, labels);
    }

    public IEnumerable<string> MissingHeaders(string line) => MissingHeaders(SplitNames(line));

    private IEnumerable<string> MissingHeaders(Dictionary<string, int> names) => file.RequiredColumns.Where(name => !names.ContainsKey(name));

    /// <summary>Header name to field index; empty names (a header padded with <c>;</c>) are left out.</summary>
    private static Dictionary<string, int> SplitNames(string line)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var fields = line.Split(B3Csv.Separator);
        for (var index = 0; index < fields.Length; index++)
        {
            var name = fields[index].Trim();
            if (name.Length > 0)
            {
                names.TryAdd(name, index);
            }
        }

        return names;
    }
}
