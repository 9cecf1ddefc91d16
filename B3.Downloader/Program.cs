using B3.Downloader.Apis;
using B3.Downloader.Cli;
using B3.Downloader.Extensions;

// A command (download, backfill, list, --help) runs the command line; no command runs the scheduled worker.
if (DownloaderCli.Handles(args))
{
    return await DownloaderCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapIngestionApi();

await app.RunAsync();
return 0;
