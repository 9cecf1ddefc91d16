namespace B3.Core.Storage;

/// <summary>A storage call that failed for good, after its retries, with what was being done and where.</summary>
public sealed class StorageException(string operation, string target, StorageSettings settings, int attempts, Exception inner)
    : Exception($"Storage {operation} of '{target}' at {settings} failed after {attempts} attempt(s): {Describe(inner)}", inner)
{
    public string Operation { get; } = operation;

    public string Target { get; } = target;

    private static string Describe(Exception exception) => exception switch
    {
        Amazon.Runtime.AmazonServiceException service => $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
