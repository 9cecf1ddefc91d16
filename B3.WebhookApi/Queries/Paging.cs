using Microsoft.AspNetCore.Http.Extensions;

namespace B3.WebhookApi.Queries;

/// <summary>A page of a long list as the <c>page</c> and <c>pageSize</c> query parameters asked for it.</summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public const string PageDescription = "1-based page number (default 1).";
    public const string SizeDescription = "Items per page, 1 to 1000 (default 250).";
    public const int DefaultSize = 250;
    public const int MaxSize = 1000;
    private const int MaxPage = 1_000_000;

    public int Offset => (Number - 1) * Size;

    public static PageRequest Read(QueryErrors errors, string? page, string? pageSize) => new(
        errors.Integer("page", page, 1, 1, MaxPage),
        errors.Integer("pageSize", pageSize, DefaultSize, 1, MaxSize));

    /// <summary>The same request for the next page (path and query, other parameters kept), or null on the last page.</summary>
    public string? NextLink(HttpRequest request, long total)
    {
        if ((long)Offset + Size >= total)
        {
            return null;
        }

        var query = new QueryBuilder(request.Query
            .Where(p => !p.Key.Equals("page", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("pageSize", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty))))
        {
            { "page", (Number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { "pageSize", Size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return request.PathBase + request.Path + query.ToQueryString();
    }
}

/// <summary>One page of a long list: <c>total</c> items in all, <c>next</c> the link to the following page (null on the last).</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total, string? Next);
