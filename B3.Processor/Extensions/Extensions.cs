using B3.Core.Alerts;
using B3.Core.Database;
using B3.Core.Ingestion;
using B3.Core.Storage;
using B3.Processor.Jobs;
using B3.Processor.Loading;
using B3.Processor.Parsing;
using B3.Processor.Reconciliation;
using B3.Processor.Refining;
using B3.Processor.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace B3.Processor.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddB3Database();
        builder.AddAlerts();
        builder.AddObjectStorage();

        builder.Services.AddOptions<ProcessorOptions>().BindConfiguration(ProcessorOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProcessorTelemetry>();
        builder.Services.AddSingleton<IngestionJobStore>();
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddSingleton<RefinedLayer>();
        builder.Services.AddSingleton<LakeExporter>();
        builder.Services.AddSingleton<FileLoader>();
        builder.Services.AddSingleton<JobProcessor>();
        builder.Services.AddParsers();

        builder.Services.AddHostedService<JobNotificationListener>();
        builder.Services.AddHostedService<JobRunner>();
        builder.Services.AddSingleton<Reconciler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reconciler>());
    }

    /// <summary>Every <see cref="IFileParser"/> of this assembly; the loader picks one by dataset and file header.</summary>
    private static void AddParsers(this IServiceCollection services)
    {
        var parsers = typeof(IFileParser).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IFileParser).IsAssignableFrom(type));
        foreach (var parser in parsers)
        {
            services.AddSingleton(typeof(IFileParser), parser);
        }
    }
}
