namespace B3.AppHost.Storage;

/// <summary>
/// The S3 server the services keep objects in, as the development variables of DESIGN.md §4 (<c>LOCAL_R2_*</c>) name it,
/// and the resource they wait for (none for a server that is already running).
/// </summary>
internal sealed record B3Storage(
    ReferenceExpression Endpoint,
    IResourceBuilder<ParameterResource> AccessKey,
    IResourceBuilder<ParameterResource> SecretKey,
    IResourceBuilder<IResource>? Server,
    string? NotifyArn = null)
{
    public const string BucketName = "financial-data";
}
