using B3.Downloader.Sources;

namespace B3.Downloader.Validation;

/// <summary>A downloaded file that must not be stored, and why.</summary>
public sealed class FileRejectedException(string reason, FailureKind kind = FailureKind.Invalid) : Exception(reason)
{
    public FailureKind Kind { get; } = kind;

    /// <summary>Runs a check of the file at <paramref name="url"/>, turning a rejection into a <see cref="SourceException"/> that names the URL.</summary>
    public static async Task CheckAsync(Uri url, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (FileRejectedException e)
        {
            throw new SourceException(e.Kind, url, e.Message, e);
        }
    }
}
