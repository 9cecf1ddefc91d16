using System.Diagnostics;

namespace B3.Testing;

public static class ChildProcess
{
    /// <summary>Runs a program to its end; a non-zero exit throws with what it printed.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }
}
