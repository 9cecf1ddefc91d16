using B3.AppHost.Cloudflare;

namespace B3.AppHost.Storage;

internal static class B3StorageExtensions
{
    /// <summary>
    /// <c>Storage:Endpoint</c> set: that S3 server, with the secret parameters <c>Storage:AccessKey</c> and
    /// <c>Storage:SecretKey</c>. <c>Storage:Emulated=true</c> (the <c>local</c> launch profile): the emulator's own S3
    /// stand-in, whose object events feed the Worker. Otherwise a MinIO container whose bucket events feed the emulator.
    /// </summary>
    public static B3Storage AddB3Storage(this IDistributedApplicationBuilder builder, IResourceBuilder<CloudflareEmulatorResource> emulator)
    {
        if (builder.Configuration["Storage:Endpoint"] is { Length: > 0 })
        {
            var endpoint = builder.AddParameterFromConfiguration("storage-endpoint", "Storage:Endpoint");
            return new B3Storage(
                ReferenceExpression.Create($"{endpoint.Resource}"),
                builder.AddParameterFromConfiguration("storage-access-key", "Storage:AccessKey", secret: true),
                builder.AddParameterFromConfiguration("storage-secret-key", "Storage:SecretKey", secret: true),
                Server: null);
        }

        if (builder.Configuration.GetValue<bool>("Storage:Emulated"))
        {
            var port = builder.Configuration.GetValue("Storage:EmulatedPort", CloudflareEmulatorExtensions.DefaultS3Port);
            emulator.WithS3StandIn(port);
            return new B3Storage(
                ReferenceExpression.Create($"{emulator.GetEndpoint(CloudflareEmulatorResource.S3EndpointName)}"),
                builder.AddParameter("storage-access-key", CloudflareEmulatorResource.S3StandInKey, secret: true),
                builder.AddParameter("storage-secret-key", CloudflareEmulatorResource.S3StandInKey, secret: true),
                emulator);
        }

        var user = builder.AddParameter("minio-user", "minioadmin");
        // Generated on the first run and kept in user secrets: MinIO's volume keeps the password it started with.
        var password = builder.AddParameter("minio-password", new GenerateParameterDefault(), secret: true, persist: true);
        var minio = builder.AddMinio("minio", user, password)
            .WithEventsTo(emulator);
        return new B3Storage(
            ReferenceExpression.Create($"{minio.GetEndpoint(MinioExtensions.ApiEndpointName)}"),
            user,
            password,
            minio,
            MinioExtensions.WebhookTargetArn);
    }
}
