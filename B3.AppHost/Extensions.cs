namespace B3.AppHost;

/// <summary>AppHost wiring that would clutter <c>AppHost.cs</c>.</summary>
internal static class Extensions
{
    private const string MinioRegistry = "quay.io";
    private const string MinioImage = "minio/minio";
    private const string MinioTag = "RELEASE.2025-09-07T16-13-09Z";
    private const string BucketName = "financial-data";

    /// <summary>
    /// Pins MinIO to <c>quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z</c>: the integration's default
    /// <c>docker.io</c> image no longer pulls, while quay.io still serves the release tags.
    /// </summary>
    public static IResourceBuilder<T> WithPinnedMinioImage<T>(this IResourceBuilder<T> builder) where T : ContainerResource
    {
        // WithImage alone would keep the integration's docker.io registry.
        return builder
            .WithImage(MinioImage, MinioTag)
            .WithImageRegistry(MinioRegistry);
    }

    /// <summary>
    /// Points a service at MinIO through the development storage variables of DESIGN.md §4
    /// (<c>ENVIRONMENT</c>, <c>LOCAL_R2_ENDPOINT</c>, <c>LOCAL_R2_ACCESS_KEY</c>, <c>LOCAL_R2_SECRET_KEY</c>,
    /// <c>LOCAL_R2_BUCKET_NAME</c>).
    /// </summary>
    /// <remarks>
    /// <paramref name="minio"/> is typed <see cref="ContainerResource"/> because naming the integration's
    /// <c>MinioContainerResource</c> would raise CS0618 (the MinIO integration is obsolete).
    /// </remarks>
    public static IResourceBuilder<T> WithMinioStorage<T>(
        this IResourceBuilder<T> builder,
        IResourceBuilder<ContainerResource> minio,
        IResourceBuilder<ParameterResource> accessKey,
        IResourceBuilder<ParameterResource> secretKey)
        where T : IResourceWithEnvironment
    {
        return builder
            .WithEnvironment("ENVIRONMENT", "development")
            .WithEnvironment("LOCAL_R2_ENDPOINT", minio.GetEndpoint("http"))
            .WithEnvironment("LOCAL_R2_ACCESS_KEY", accessKey)
            .WithEnvironment("LOCAL_R2_SECRET_KEY", secretKey)
            .WithEnvironment("LOCAL_R2_BUCKET_NAME", BucketName);
    }
}
