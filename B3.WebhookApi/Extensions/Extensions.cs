using B3.Core.Database;

namespace B3.WebhookApi.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddB3Database();
    }
}
