namespace B3.AppHost.Cloudflare;

/// <summary>
/// <c>node emulator/index.mjs</c> in workers/: the production Worker in Miniflare with local queues, an HTTP intake for
/// MinIO's bucket events and, optionally, the S3 stand-in whose object events it feeds to the Worker itself.
/// </summary>
public sealed class CloudflareEmulatorResource(string name, string workingDirectory)
    : ExecutableResource(name, "node", workingDirectory)
{
    public const string IntakeEndpointName = "http";
    public const string S3EndpointName = "s3";

    /// <summary>The stand-in's fixed keys (workers/scripts/s3-standin.mjs): it serves this machine's loopback only.</summary>
    public const string S3StandInKey = "S3RVER";
}
