using B3.Core.Datasets;
using B3.Core.Storage;
using B3.Processor.Jobs;
using B3.Processor.Parsing;
using B3.Processor.Refining;
using Npgsql;
using NpgsqlTypes;

namespace B3.Processor.Loading;

/// <summary>
/// Loads one object version in one transaction: the file's rows replace the rows of its dates (and of earlier versions
/// of the same key), its bad rows replace its quarantine, the refined layer of those dates is rebuilt, and the job is
/// marked succeeded — or nothing happens at all. A file whose dates are a whole partition's (a yearly COTAHIST) fills
/// a fresh table that replaces the partition (<see cref="PartitionReplacement"/>); any other deletes and inserts rows.
/// Loads of one dataset are serialized by an advisory lock, so overlapping files (a yearly and a daily COTAHIST) never
/// interleave, and the object is read after the lock, so an older version can never overwrite a newer one.
/// </summary>
public sealed class FileLoader(
    NpgsqlDataSource dataSource,
    IObjectStorage storage,
    IEnumerable<IFileParser> parsers,
    RefinedLayer refined,
    JobQueue queue)
{
    private readonly IReadOnlyList<IFileParser> _parsers = [.. parsers];

    public async Task<JobOutcome> LoadAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockDatasetAsync(connection, job.Key.Dataset, cancellationToken);

        await using var content = await storage.OpenReadAsync(job.Key.Key, cancellationToken)
            ?? throw new InvalidFileException($"The object {job.Key.Key} no longer exists in bucket {job.Bucket}.");
        if (content.Info.ETag != job.ETag)
        {
            var superseded = new JobOutcome(0, 0, $"Skipped: the object now has ETag {content.Info.ETag}; its own job loads it.");
            await queue.CompleteAsync(connection, job, superseded, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return superseded;
        }

        await using var input = await ObjectInput.OpenAsync(content.Body, cancellationToken);
        var parser = SelectParser(job.Key.Dataset, input.Head.Span);
        var replacement = await PartitionReplacement.FindAsync(connection, parser.Table, job.Key, cancellationToken);
        if (replacement is null)
        {
            await DeletePreviousRowsAsync(connection, parser, job.Key, cancellationToken);
        }
        else
        {
            await replacement.CreateTableAsync(parser.DateColumn, job.Key, cancellationToken);
        }

        CopyRowTarget target;
        var table = replacement?.Table ?? parser.Table;
        var columns = string.Join(", ", parser.Columns);
        // FREEZE writes a fresh table's rows as already visible to all, so no later pass sets their hint bits.
        await using (var copy = await connection.BeginRawBinaryCopyAsync(
            $"COPY {table} (object_key, etag, {columns}) FROM STDIN (FORMAT BINARY{(replacement is null ? string.Empty : ", FREEZE")})", cancellationToken))
        using (target = new CopyRowTarget(copy, job.Key, job.ETag, parser.Columns.Count, parser.Columns.ToList().IndexOf(parser.DateColumn)))
        {
            try
            {
                await Task.Run(() => parser.Parse(input.Content, new ParseContext(job.Key), target, cancellationToken), cancellationToken);
                target.Complete();
            }
            catch
            {
                // A file can fail in the middle of a row: end the COPY with CopyFail, so the file's own error is the one reported.
                await copy.CancelAsync();
                throw;
            }
        }

        await ReplaceQuarantineAsync(connection, job, target.Rejected, cancellationToken);
        await refined.RefreshAsync(connection, job.Key.Dataset, job.Key.From, job.Key.To, table, cancellationToken);
        if (replacement is not null)
        {
            await replacement.SwapAsync(cancellationToken);
        }

        var outcome = new JobOutcome(target.Rows, target.Rejected.Count, LastModified: content.Info.LastModified);
        await queue.CompleteAsync(connection, job, outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private static async Task LockDatasetAsync(NpgsqlConnection connection, Dataset dataset, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection);
        command.Parameters.Add(new() { Value = "b3.load:" + dataset.Name });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private IFileParser SelectParser(Dataset dataset, ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            throw new InvalidFileException("The file is empty.");
        }

        foreach (var parser in _parsers)
        {
            if (parser.Dataset == dataset && parser.Recognizes(head))
            {
                return parser;
            }
        }

        throw new InvalidFileException($"Unknown {dataset} file layout; it starts with: {Describe(head)}");
    }

    private static async Task DeletePreviousRowsAsync(NpgsqlConnection connection, IFileParser parser, ObjectKey key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {parser.Table} WHERE {parser.DateColumn} BETWEEN $1 AND $2 OR object_key = $3", connection);
        command.Parameters.Add(new() { Value = key.From, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = key.To, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = key.Key });
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReplaceQuarantineAsync(NpgsqlConnection connection, IngestionJob job, List<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        await using (var delete = new NpgsqlCommand("DELETE FROM b3.quarantine WHERE object_key = $1", connection))
        {
            delete.Parameters.Add(new() { Value = job.Key.Key });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (rejected.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY b3.quarantine (object_key, etag, line_number, raw_line, reason) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rejected)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(job.Key.Key, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(job.ETag, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.LineNumber, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.RawLine.Replace("\0", string.Empty, StringComparison.Ordinal), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.Reason, NpgsqlDbType.Text, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static string Describe(ReadOnlySpan<byte> head)
    {
        var firstLine = head[..Math.Min(head.Length, 120)];
        var text = System.Text.Encoding.Latin1.GetString(firstLine);
        var end = text.IndexOfAny(['\r', '\n']);
        return "'" + new string((end >= 0 ? text[..end] : text).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + "'";
    }
}
