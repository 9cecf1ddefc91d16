using B3.Core.Database;
using B3.Core.Storage;

namespace B3.Downloader.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddB3Database();
        builder.AddObjectStorage();
    }
}
