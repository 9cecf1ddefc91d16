using System.Globalization;

namespace B3.Bench;

/// <summary>Peak resident memory of a child process, from Linux's /proc (VmHWM), and its reset (clear_refs 5).</summary>
internal static class ProcessMemory
{
    /// <summary>The pid of this process's child whose command line names <paramref name="assembly"/> (dotnet B3.X.dll).</summary>
    public static int FindChild(string assembly)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == Environment.ProcessId && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(assembly, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
        }

        throw new InvalidOperationException($"No child process runs {assembly}.");
    }

    /// <summary>Bytes of the highest resident set size since the process started or <see cref="ResetPeak"/>.</summary>
    public static long PeakBytes(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    public static long CurrentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Starts the peak over from the current size; false where the kernel does not allow it.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>This machine's memory, for the report.</summary>
    public static long MachineBytes() =>
        long.Parse(File.ReadLines("/proc/meminfo").First(line => line.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private static long StatusKilobytes(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
