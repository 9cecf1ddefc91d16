using B3.AppHost.Database;
using B3.AppHost.Storage;

namespace B3.AppHost.Services;

internal static class InfrastructureExtensions
{
    /// <summary>Points a service at the database and the storage (DESIGN.md §4) and makes it wait for both.</summary>
    public static IResourceBuilder<ProjectResource> WithB3Infrastructure(
        this IResourceBuilder<ProjectResource> service, B3Database database, B3Storage storage)
    {
        service
            .WithHttpHealthCheck("/health")
            // ConnectionStrings__b3db only: the services read nothing of the B3DB_HOST, B3DB_PASSWORD, … Aspire adds by default.
            .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString)
            .WithReference(database.ConnectionString, B3DatabaseExtensions.DatabaseName)
            .WithEnvironment("ENVIRONMENT", "development")
            .WithEnvironment("LOCAL_R2_ENDPOINT", storage.Endpoint)
            .WithEnvironment("LOCAL_R2_ACCESS_KEY", storage.AccessKey)
            .WithEnvironment("LOCAL_R2_SECRET_KEY", storage.SecretKey)
            .WithEnvironment("LOCAL_R2_BUCKET_NAME", B3Storage.BucketName);
        if (storage.NotifyArn is { } arn)
        {
            service.WithEnvironment("LOCAL_R2_NOTIFY_ARN", arn);
        }

        if (database.Server is { } server)
        {
            service.WaitFor(server);
        }

        if (storage.Server is { } storageServer)
        {
            service.WaitFor(storageServer);
        }

        return service;
    }
}
