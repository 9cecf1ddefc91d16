using B3.Core.Database;
using B3.Core.Datasets;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.ServiceDefaults.Configuration;
using B3.WebhookApi.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace B3.WebhookApi.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddB3Database();
        builder.AddObjectStorage();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSettings(WebhookSecrets.FromConfiguration);
        builder.Services.AddSingleton<RefusedCallLog>();
        builder.Services.AddSingleton<WebhookSignatureFilter>();
        builder.Services.AddSingleton(sp => new WebhookPayloadReader(sp.GetRequiredService<ObjectKeys>(), sp.GetRequiredService<StorageSettings>().BucketName));
        builder.Services.AddSingleton(sp => new IngestionJobStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(DatabaseExtensions.MultiplexedDataSource)));
        builder.Services.AddSingleton<JobMaintenance>();
        builder.AddQueryApi();
    }
}
