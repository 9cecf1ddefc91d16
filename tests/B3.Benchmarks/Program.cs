using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace B3.Benchmarks;

public static class BenchmarksProgram
{
    /// <summary>
    /// In-process: the benchmarks run from whatever artifacts folder the build used (-p:ArtifactsPath=…), with no second
    /// build of a generated project. Each table prints every parser's ratio to a baseline of the same run.
    /// <c>--cpu N [cotahist|instruments|trades]</c> runs <see cref="CpuTimeHarness"/> instead, for quick A/B turns.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args is ["--cpu", var runs, .. var file])
        {
            CpuTimeHarness.Run(int.Parse(runs, CultureInfo.InvariantCulture), file is [var name] ? name : "cotahist");
            return;
        }

        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15).AsDefault())
            .AddColumn(ThroughputColumn.All)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarksProgram).Assembly).Run(args, config);
    }
}
