using System.Globalization;

namespace B3.Bench;

/// <summary>
/// CPU time from Linux's /proc, to say what bounds a measure: a process's own CPU time, and how busy the whole machine
/// was (every process, the other engineers' included) over the same interval.
/// </summary>
internal readonly record struct CpuUsage(long ProcessTicks, long MachineBusyTicks, long MachineTotalTicks)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the project runs on

    public static CpuUsage Sample(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var process = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = machine[3] + machine[4];
        return new CpuUsage(process, machine.Sum() - idle, machine.Sum());
    }

    /// <summary>The process's CPU time between two samples.</summary>
    public static TimeSpan ProcessTime(CpuUsage before, CpuUsage after) => TimeSpan.FromSeconds((after.ProcessTicks - before.ProcessTicks) / TicksPerSecond);

    /// <summary>The share of the machine's CPU capacity (all cores) in use between two samples.</summary>
    public static double MachineBusy(CpuUsage before, CpuUsage after) =>
        (after.MachineBusyTicks - before.MachineBusyTicks) / (double)Math.Max(1, after.MachineTotalTicks - before.MachineTotalTicks);
}
