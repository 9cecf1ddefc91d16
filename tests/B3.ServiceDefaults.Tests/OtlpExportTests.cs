using System.Diagnostics;
using System.Text.RegularExpressions;
using B3.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace B3.ServiceDefaults.Tests;

public sealed class OtlpExportTests
{
    private const string ApplicationName = "B3.OtlpProbe";
    private const string ServiceName = "b3-otlp-probe";

    private const string QuotesQuery = "SELECT 'served quotes'";
    private const string ProbeQuery = "SELECT 'probed the database'";

    [Fact]
    public async Task ExportsTheServicesSpansOverOtlpAndLeavesHealthProbesAndTheirDatabaseChecksOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpReceiver.StartAsync();
        var databaseName = $"b3_test_otlp_{Guid.NewGuid():N}";
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync(databaseName));

        await using (var app = BuildService(collector.Url, dataSource))
        {
            app.MapGet("/quotes", async () =>
            {
                await using var query = dataSource.CreateCommand(QuotesQuery);
                return (string?)await query.ExecuteScalarAsync();
            });
            await app.StartAsync(ct);
            using var http = new HttpClient { BaseAddress = ListeningAddress(app) };
            Assert.Equal("served quotes", await http.GetStringAsync("/quotes", ct));
            Assert.Equal("Healthy", await http.GetStringAsync("/health", ct));
            await http.GetStringAsync("/alive", ct);
            using (var source = new ActivitySource(ApplicationName))
            using (source.StartActivity("load-cotahist-file"))
            {
            }

            // Stopping disposes the tracer provider, which flushes the batch exporter.
            await app.StopAsync(ct);
        }

        var traces = collector.Exports.Where(e => e.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, e => Assert.Equal("application/x-protobuf", e.ContentType));
        var exported = collector.Traces;
        Assert.Contains("load-cotahist-file", exported);
        Assert.Contains(ServiceName, exported);
        Assert.Matches(ServerSpanAttribute("/quotes"), exported);
        Assert.Contains(QuotesQuery, exported);
        Assert.DoesNotMatch(ServerSpanAttribute("/alive"), exported);
        Assert.DoesNotMatch(ServerSpanAttribute("/health"), exported);
        Assert.DoesNotContain(ProbeQuery, exported);
        await PostgresServer.DropDatabaseAsync(databaseName);
    }

    /// <summary>
    /// The protobuf bytes of a server span's attribute <c>url.path = path</c> (KeyValue: key, then AnyValue.string_value);
    /// the test's own client spans carry the path only inside <c>url.full</c>.
    /// </summary>
    private static Regex ServerSpanAttribute(string path) =>
        new($@"url\.path\x12.\x0A.{Regex.Escape(path)}", RegexOptions.Singleline);

    private static WebApplication BuildService(Uri? otlpEndpoint, NpgsqlDataSource dataSource)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = ApplicationName, EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint?.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = ServiceName,
        }.Where(pair => pair.Value is not null));
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddAsyncCheck("database", async token =>
        {
            await using var probe = dataSource.CreateCommand(ProbeQuery);
            await probe.ExecuteScalarAsync(token);
            return HealthCheckResult.Healthy();
        });
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    private static Uri ListeningAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
}
