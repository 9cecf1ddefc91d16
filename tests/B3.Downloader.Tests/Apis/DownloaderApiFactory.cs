using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace B3.Downloader.Tests.Apis;

/// <summary>The scheduled worker in memory, configured the way the AppHost configures it (plus overrides and, optionally, a clock).</summary>
public sealed class DownloaderApiFactory(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DOWNLOADER_SCHEDULE_ENABLED", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }
}
