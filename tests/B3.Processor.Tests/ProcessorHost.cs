using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace B3.Processor.Tests;

/// <summary>The real Processor in memory (job loops, listener, reconciler), configured as the AppHost configures it.</summary>
public sealed class ProcessorHost(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>Starts the host's background services.</summary>
    public void Start() => CreateClient().Dispose();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
