using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace B3.ServiceDefaults.Tests;

public sealed class DotEnvTests
{
    [Fact]
    public void DevelopmentReadsTheNearestDotEnvWithoutOverridingTheEnvironment()
    {
        var root = Directory.CreateTempSubdirectory("b3-dotenv-").FullName;
        var project = Directory.CreateDirectory(Path.Combine(root, "B3.Service")).FullName;
        File.WriteAllText(Path.Combine(root, ".env"), "B3_DOTENV_PROBE_A=from-dotenv\nB3_DOTENV_PROBE_B=from-dotenv\n");
        Environment.SetEnvironmentVariable("B3_DOTENV_PROBE_B", "from-environment");
        try
        {
            var development = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = project });
            development.AddServiceDefaults();

            Assert.Equal("from-dotenv", development.Configuration["B3_DOTENV_PROBE_A"]);
            Assert.Equal("from-environment", development.Configuration["B3_DOTENV_PROBE_B"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("B3_DOTENV_PROBE_A", null);
            Environment.SetEnvironmentVariable("B3_DOTENV_PROBE_B", null);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void OtherEnvironmentsIgnoreDotEnv()
    {
        var root = Directory.CreateTempSubdirectory("b3-dotenv-").FullName;
        File.WriteAllText(Path.Combine(root, ".env"), "B3_DOTENV_PROBE_C=from-dotenv\n");
        try
        {
            var production = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = root });
            production.AddServiceDefaults();

            Assert.Null(production.Configuration["B3_DOTENV_PROBE_C"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
