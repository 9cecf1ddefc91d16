using System.Buffers;
using System.Buffers.Binary;

namespace B3.Core.Lake;

/// <summary>
/// Writes one Parquet file to a stream, row by row. Rows are buffered per column, unboxed, and written a row group at a
/// time (<see cref="ParquetWriterOptions.RowsPerRowGroup"/>), so memory holds one row group whatever the file's size;
/// each column chunk is a single PLAIN data page (v1) with statistics for readers that prune. The stream need not seek
/// and is left open; once writing to it has failed, the writer refuses further calls. Not thread-safe: await each call
/// before the next.
/// </summary>
/// <example>
/// <code>
/// var schema = new ParquetSchema([ParquetColumn.String("ticker"), ParquetColumn.Decimal("close", 18, 2, nullable: true)]);
/// var writer = new ParquetWriter(stream, schema);
/// await writer.WriteRowAsync(["PETR4", 38.52m], ct);
/// await writer.CompleteAsync(ct);
/// </code>
/// </example>
public sealed class ParquetWriter
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Stream _stream;
    private readonly ParquetSchema _schema;
    private readonly ParquetWriterOptions _options;
    private readonly ColumnBuffer[] _columns;
    private readonly List<RowGroupMetadata> _rowGroups = [];
    private readonly ArrayBufferWriter<byte> _page = new();
    private readonly ArrayBufferWriter<byte> _header = new();
    private long _position;
    private int _rowsInGroup;
    private string? _closed;

    public ParquetWriter(Stream stream, ParquetSchema schema, ParquetWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        _options = options ?? new ParquetWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RowsPerRowGroup, 1, nameof(options));
        if (!Enum.IsDefined(_options.Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Compression, "Unknown Parquet compression.");
        }

        _stream = stream;
        _schema = schema;
        _columns = [.. schema.Columns.Select(ColumnBuffer.Create)];
    }

    public long RowCount { get; private set; }

    /// <summary>
    /// Adds a row: one value per column in schema order, <c>null</c> or <c>DBNull</c> for a null (so
    /// <c>DbDataReader.GetValues</c> fills a row). A value its column cannot hold throws <see cref="ArgumentException"/>
    /// and the row is not added. Writes the row group when it is full.
    /// </summary>
    public ValueTask WriteRowAsync(ReadOnlySpan<object?> values, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        if (values.Length != _columns.Length)
        {
            throw new ArgumentException($"A row has one value per column ({_columns.Length}), not {values.Length}.", nameof(values));
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            try
            {
                _columns[i].Append(values[i]);
            }
            catch
            {
                for (var j = 0; j < i; j++)
                {
                    _columns[j].RemoveLast();
                }

                throw;
            }
        }

        RowCount++;
        return ++_rowsInGroup == _options.RowsPerRowGroup ? new ValueTask(WriteRowGroupAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    /// <summary>Writes the last row group and the footer; only then is the file valid (a failed export never looks whole).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        await WriteRowGroupAsync(cancellationToken);
        await WriteMagicOnceAsync(cancellationToken);

        _closed = "The Parquet file is already complete.";
        _header.ResetWrittenCount();
        ParquetMetadataWriter.WriteFileMetaData(_header, _schema, RowCount, _rowGroups, _options.Compression);
        var footerLength = _header.WrittenCount;
        BinaryPrimitives.WriteInt32LittleEndian(_header.GetSpan(sizeof(int)), footerLength);
        _header.Advance(sizeof(int));
        _header.Write(Magic);
        await WriteAsync(_header.WrittenMemory, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private void ThrowIfClosed()
    {
        if (_closed is not null)
        {
            throw new InvalidOperationException(_closed);
        }
    }

    private async Task WriteRowGroupAsync(CancellationToken cancellationToken)
    {
        if (_rowsInGroup == 0)
        {
            return;
        }

        await WriteMagicOnceAsync(cancellationToken);
        var rowGroupOffset = _position;
        var chunks = new ColumnChunkMetadata[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            _page.ResetWrittenCount();
            column.WritePage(_page);
            var body = PageCompressor.Compress(_page.WrittenMemory, _options.Compression);
            _header.ResetWrittenCount();
            ParquetMetadataWriter.WriteDataPageHeader(_header, _page.WrittenCount, body.Length, column.RowCount);

            var pageOffset = _position;
            await WriteAsync(_header.WrittenMemory, cancellationToken);
            await WriteAsync(body, cancellationToken);
            chunks[i] = new ColumnChunkMetadata(
                pageOffset, column.RowCount, _header.WrittenCount + _page.WrittenCount, _header.WrittenCount + body.Length, column.GetStatistics());
            column.Clear();
        }

        _rowGroups.Add(new RowGroupMetadata(rowGroupOffset, _rowsInGroup, chunks));
        _rowsInGroup = 0;
    }

    private async Task WriteMagicOnceAsync(CancellationToken cancellationToken)
    {
        if (_position == 0)
        {
            await WriteAsync(Magic, cancellationToken);
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
        }
        catch
        {
            _closed = "Writing the Parquet file to its stream failed; it is incomplete.";
            throw;
        }

        _position += bytes.Length;
    }
}
