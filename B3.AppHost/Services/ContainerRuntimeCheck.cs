using System.Diagnostics;

namespace B3.AppHost.Services;

/// <summary>
/// Without a container runtime, resources that wait for a container wait forever without an error. This check turns that
/// into one line at start that says what to run instead.
/// </summary>
internal static class ContainerRuntimeCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    public static IDistributedApplicationBuilder FailFastWithoutContainerRuntime(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>(async (@event, cancellationToken) =>
        {
            var containers = @event.Model.Resources.OfType<ContainerResource>().Select(resource => resource.Name).ToList();
            if (containers.Count == 0)
            {
                return;
            }

            var runtime = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? builder.Configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
            if (!await IsRunningAsync(runtime, cancellationToken))
            {
                throw new ContainerRuntimeMissingException(
                    $"No container runtime is running ({runtime} info failed), and {string.Join(", ", containers)} need one. " +
                    "Start it, or run without containers: dotnet run --project B3.AppHost --launch-profile local");
            }
        });
        return builder;
    }

    private static async Task<bool> IsRunningAsync(string runtime, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await Task.WhenAll(
                process.StandardOutput.ReadToEndAsync(timeout.Token),
                process.StandardError.ReadToEndAsync(timeout.Token),
                process.WaitForExitAsync(timeout.Token));
            return process.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>The AppHost needs a container runtime that is not running; the message says what to run instead.</summary>
internal sealed class ContainerRuntimeMissingException(string message) : DistributedApplicationException(message);
