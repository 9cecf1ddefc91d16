using System.Runtime.InteropServices;

namespace B3.Bench;

/// <summary>
/// The calling thread's CPU time (Linux's CLOCK_THREAD_CPUTIME_ID, nanoseconds): what one thread's work costs, without
/// the time it waited while other processes ran on the machine's shared cores.
/// </summary>
internal static class ThreadCpuTime
{
    private const int ThreadCpuClock = 3;

    public static TimeSpan Now() => ClockGetTime(ThreadCpuClock, out var time) == 0
        ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / TimeSpan.NanosecondsPerTick))
        : throw new InvalidOperationException($"clock_gettime failed with errno {Marshal.GetLastPInvokeError()}.");

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
