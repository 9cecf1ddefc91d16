namespace B3.Core.Storage;

/// <summary>
/// A body that can be read twice (once to hash, once per upload attempt) or seeked (a ZIP's central directory is at its
/// end): the caller's stream when it seeks, otherwise a copy in a temporary file that is deleted on dispose.
/// </summary>
public sealed class SeekableStream : IAsyncDisposable
{
    private readonly bool _owned;

    private SeekableStream(Stream stream, bool owned)
    {
        Stream = stream;
        _owned = owned;
    }

    public Stream Stream { get; }

    public static async Task<SeekableStream> OpenAsync(Stream body, CancellationToken cancellationToken)
    {
        if (body.CanSeek)
        {
            return new SeekableStream(body, owned: false);
        }

        var buffer = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return new SeekableStream(buffer, owned: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await Stream.DisposeAsync();
        }
    }
}
