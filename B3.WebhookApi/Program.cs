using B3.WebhookApi.Apis;
using B3.WebhookApi.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWebhooksApi();
app.MapQueryApi();
app.MapIngestionControlApi();

app.Run();
