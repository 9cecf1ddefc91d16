using B3.Core.Alerts;
using B3.Core.Calendar;
using B3.Core.Database;
using B3.Core.Datasets;
using B3.Core.Formats;
using B3.Core.Storage;
using B3.Downloader.Apis;
using B3.Downloader.Ingestion;
using B3.Downloader.Scheduling;
using B3.Downloader.Sources;
using B3.Downloader.Validation;
using B3.ServiceDefaults.Configuration;
using B3.ServiceDefaults.Hardening;
using B3.ServiceDefaults.Resilience;

namespace B3.Downloader.Extensions;

internal static class Extensions
{
    /// <summary>B3's gateway cuts requests at ~240 s and a BDI export can take ~3 min: one attempt may take this long unless Resilience__AttemptTimeout says otherwise.</summary>
    private static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The scheduled worker: the downloader, the daily schedule, the trigger endpoints' key, and the shared database (migrations, /health).</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddB3Database();
        builder.AddAlerts();
        builder.AddDownloaderCore();

        builder.AddApiKey();
        builder.Services.AddSettings(ScheduleSettings.FromConfiguration);
        builder.Services.AddSingleton<BackfillJobs>();
        builder.Services.AddHostedService<DailyScheduler>();
    }

    /// <summary>What both the command line and the worker need: B3's sources, the calendar, storage and the downloader. No database.</summary>
    public static void AddDownloaderCore(this IHostApplicationBuilder builder)
    {
        builder.AddObjectStorage();
        if (string.IsNullOrEmpty(builder.Configuration[$"{RetrySettings.SectionName}:{nameof(RetrySettings.AttemptTimeout)}"]))
        {
            builder.Services.Configure<RetrySettings>(retry => retry.AttemptTimeout = DefaultAttemptTimeout);
        }

        builder.Services.AddSettings(B3Endpoints.FromConfiguration);
        builder.Services.AddSettings(DownloaderSettings.FromConfiguration);

        // Attempts are bounded by the resilience handler's per-attempt timeout; the client's own limit only backs it up.
        builder.Services.AddHttpClient(B3Http.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<B3Http>();

        // Each dataset's sources in the order they are tried: primary first, then the fallback.
        builder.Services.AddSource((http, endpoints) => new TokenFlowSource(Dataset.Instruments, TokenFlowSource.InstrumentsFileName, B3CsvFile.Instruments, http, endpoints));
        builder.Services.AddSource((http, endpoints) => new BdiExportSource(Dataset.Instruments, BdiExportSource.InstrumentsReport, minColumns: 20, http, endpoints));
        builder.Services.AddSource((http, endpoints) => new TokenFlowSource(Dataset.Trades, TokenFlowSource.TradesFileName, B3CsvFile.Trades, http, endpoints));
        builder.Services.AddSource((http, endpoints) => new BdiExportSource(Dataset.Trades, BdiExportSource.TradesReport, minColumns: 10, http, endpoints));
        builder.Services.AddSingleton<IDatasetSource, CotahistSource>();
        builder.Services.AddSingleton<IDatasetSource, IbovSource>();
        builder.Services.AddSettings(CorporateActionsSettings.FromConfiguration);
        builder.Services.AddSingleton(sp => new CallPacer(sp.GetRequiredService<CorporateActionsSettings>().CallInterval, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ListedCompaniesApi>();
        builder.Services.AddSingleton<IDatasetSource, CorporateActionsSource>();

        builder.Services.AddSingleton(TradingCalendar.B3);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DatasetDownloader>();
        builder.Services.AddSingleton<BackfillRunner>();
    }

    private static void AddSource(this IServiceCollection services, Func<B3Http, B3Endpoints, IDatasetSource> create) =>
        services.AddSingleton(sp => create(sp.GetRequiredService<B3Http>(), sp.GetRequiredService<B3Endpoints>()));
}
