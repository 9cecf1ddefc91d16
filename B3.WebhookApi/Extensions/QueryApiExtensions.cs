using B3.ServiceDefaults.Hardening;
using B3.WebhookApi.Apis;
using B3.WebhookApi.OpenApi;
using B3.WebhookApi.Queries;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;

namespace B3.WebhookApi.Extensions;

/// <summary>The query and status API (<c>X-Api-Key</c>), its OpenAPI document and the dashboard page that calls it.</summary>
internal static class QueryApiExtensions
{
    // The page loads only its own scripts, styles and API: no inline script, nothing from elsewhere.
    private const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void AddQueryApi(this IHostApplicationBuilder builder)
    {
        builder.AddApiKey();
        builder.Services.AddOpenApi(options =>
        {
            var apiKey = new ApiKeyOperationTransformer();
            options.AddDocumentTransformer(apiKey);
            options.AddOperationTransformer(apiKey);
        });
        builder.Services.AddSingleton<QueryDatabase>();
        builder.Services.AddSingleton<MarketDataQueries>();
        builder.Services.AddScoped<IngestionStatusQueries>();

        // Development does this already; elsewhere it lets a build output (tests, `dotnet run -e Production`) serve
        // wwwroot through the build's manifest. A published app has no such manifest and serves its own wwwroot.
        if (!builder.Environment.IsDevelopment() && builder.Environment is IWebHostEnvironment web)
        {
            StaticWebAssetsLoader.UseStaticWebAssets(web, builder.Configuration);
        }
    }

    /// <summary><c>/openapi/v1.json</c>, the <c>/api</c> endpoints, and the dashboard (public static files) at <c>/</c>.</summary>
    public static WebApplication MapQueryApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapMarketDataApi();
        app.MapIngestionStatusApi();

        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = DashboardContentSecurityPolicy;
            },
        });
        return app;
    }
}
