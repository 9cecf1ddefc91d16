using System.Diagnostics;

namespace B3.Testing;

/// <summary>A child process a test started and owns: disposing kills it and its children, once, however often called.</summary>
public abstract class OwnedProcess(Process process) : IAsyncDisposable
{
    private int _disposed;

    public Process Process { get; } = process;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
        GC.SuppressFinalize(this);
    }
}
