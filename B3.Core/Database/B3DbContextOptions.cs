using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace B3.Core.Database;

/// <summary>The options every <see cref="B3DbContext"/> gets, in the services, in tests and for <c>dotnet ef</c>.</summary>
public sealed class B3DbContextOptions : IDesignTimeDbContextFactory<B3DbContext>
{
    /// <summary>What the services add to Aspire's options: the schema's snake_case names.</summary>
    public static void Configure(DbContextOptionsBuilder options) => options.UseSnakeCaseNamingConvention();

    /// <summary>A context on <paramref name="connectionString"/>, outside dependency injection.</summary>
    public static B3DbContext Create(string connectionString)
    {
        var options = new DbContextOptionsBuilder<B3DbContext>().UseNpgsql(connectionString);
        Configure(options);
        return new B3DbContext(options.Options);
    }

    /// <summary>
    /// For <c>dotnet ef migrations add</c>, which only compares the model with the last snapshot and never connects.
    /// </summary>
    public B3DbContext CreateDbContext(string[] args) => Create("Host=localhost;Database=b3db");
}
