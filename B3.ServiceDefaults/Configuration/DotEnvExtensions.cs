using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace B3.ServiceDefaults.Configuration;

public static class DotEnvExtensions
{
    /// <summary>
    /// In Development, reads the nearest <c>.env</c> (the content root or a parent, e.g. the repository root) into the environment without
    /// overriding variables that are already set, then re-reads the environment into configuration.
    /// </summary>
    public static void AddDotEnvInDevelopment(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return;
        }

        var loaded = DotNetEnv.Env.NoClobber().TraversePath().Load(Path.Combine(builder.Environment.ContentRootPath, ".env"));
        if (loaded.Any())
        {
            builder.Configuration.AddEnvironmentVariables();
        }
    }
}
