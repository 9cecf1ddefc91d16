using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace B3.ServiceDefaults.Tests;

/// <summary>Keeps every request a loopback server received, with its body.</summary>
internal sealed class RequestRecorder
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public async Task RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.ContentType, body.ToArray()));
    }
}

internal sealed record RecordedRequest(string Method, string Path, string? ContentType, byte[] Body);
