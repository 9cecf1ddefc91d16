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
using Microsoft.Extensions.Hosting;

namespace B3.ServiceDefaults.Tests;

public sealed class OtlpExportTests
{
    private const string ApplicationName = "B3.OtlpProbe";
    private const string ServiceName = "b3-otlp-probe";

    [Fact]
    public async Task ExportsTheServicesSpansOverOtlpAndLeavesHealthProbesOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpReceiver.StartAsync();

        await using (var app = BuildService(collector.Url))
        {
            app.MapGet("/quotes", () => "ok");
            await app.StartAsync(ct);
            using var http = new HttpClient { BaseAddress = ListeningAddress(app) };
            await http.GetStringAsync("/quotes", ct);
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
        Assert.DoesNotMatch(ServerSpanAttribute("/alive"), exported);
    }

    /// <summary>
    /// The protobuf bytes of a server span's attribute <c>url.path = path</c> (KeyValue: key, then AnyValue.string_value);
    /// the test's own client spans carry the path only inside <c>url.full</c>.
    /// </summary>
    private static Regex ServerSpanAttribute(string path) =>
        new($@"url\.path\x12.\x0A.{Regex.Escape(path)}", RegexOptions.Singleline);

    private static WebApplication BuildService(Uri? otlpEndpoint)
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
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    private static Uri ListeningAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
}
