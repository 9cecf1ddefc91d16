using System.Net;
using System.Net.Sockets;
using B3.Core.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace B3.Core.Tests.Database;

public sealed class DatabaseHealthTests
{
    [Fact]
    public async Task ADatabaseThatAcceptsAndNeverAnswersIsReportedUnhealthyByTheCheckTimeoutNotTheConnectTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        // Listening, never accepting: the kernel completes the handshake, and the startup message waits for an answer.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Npgsql would give up connecting after 30 s; the check's own timeout must answer first.
            [$"ConnectionStrings:{DatabaseExtensions.ConnectionName}"] =
                $"Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Database=b3db;Username=b3;Password=unused;Timeout=30",
        });
        builder.AddB3Database();
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);

        var entry = report.Entries[nameof(B3DbContext)];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("A timeout occurred while running check.", entry.Description);
    }
}
