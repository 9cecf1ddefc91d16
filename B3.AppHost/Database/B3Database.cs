namespace B3.AppHost.Database;

/// <summary>
/// The services' database <c>b3db</c> (<c>ConnectionStrings__b3db</c>) and the resource they wait for before they start
/// (none for a server that is already running).
/// </summary>
internal sealed record B3Database(IResourceBuilder<IResourceWithConnectionString> ConnectionString, IResourceBuilder<IResource>? Server);

internal static class B3DatabaseExtensions
{
    public const string DatabaseName = "b3db";

    /// <summary>The pinned images: PostgreSQL 18 as deploy/docker-compose.yml runs it, and pgAdmin.</summary>
    private const string PostgresTag = "18.3";
    private const string PgAdminTag = "9.15.0";

    /// <summary>
    /// <c>ConnectionStrings:b3db</c> set: that server. <c>Postgres:Embedded=true</c> (the <c>local</c> launch profile): a
    /// private PostgreSQL from the machine's binaries. Otherwise a <c>postgres</c> container with a data volume and pgAdmin.
    /// </summary>
    public static B3Database AddB3Database(this IDistributedApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(DatabaseName)))
        {
            return new B3Database(builder.AddConnectionString(DatabaseName), Server: null);
        }

        if (builder.Configuration.GetValue<bool>("Postgres:Embedded"))
        {
            var local = builder.AddLocalPostgres("postgres");
            var connectionString = builder.AddConnectionString(DatabaseName, ReferenceExpression.Create($"{local.Resource};Database={DatabaseName}"));
            return new B3Database(connectionString, local);
        }

        var postgres = builder.AddPostgres("postgres")
            .WithImageTag(PostgresTag)
            .WithDataVolume()
            .WithPgAdmin(pgAdmin => pgAdmin.WithImageTag(PgAdminTag).WithLifetime(ContainerLifetime.Persistent));
        var database = postgres.AddDatabase(DatabaseName);
        return new B3Database(database, database);
    }
}
