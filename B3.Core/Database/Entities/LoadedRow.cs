namespace B3.Core.Database.Entities;

/// <summary>A row the Processor loaded from a stored file: the file's key and ETag say which version it came from.</summary>
public abstract class LoadedRow
{
    public string ObjectKey { get; set; } = string.Empty;

    public string ETag { get; set; } = string.Empty;
}
