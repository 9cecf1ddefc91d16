namespace B3.Core.Formats;

/// <summary>
/// The stored IBOV portfolio (b3-data-formats.md §11): the Downloader keeps every page of GetPortfolioDay as B3 sent it
/// in one envelope, <c>{"index":"IBOV","date":"yyyy-MM-dd","pages":[…]}</c>, and the Processor reads it back.
/// </summary>
public static class IbovPortfolioFormat
{
    public const string IndexCode = "IBOV";

    /// <summary>The envelope's index code.</summary>
    public const string IndexProperty = "index";

    /// <summary>The envelope's portfolio date, <see cref="DateFormat"/>.</summary>
    public const string DateProperty = "date";

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The envelope's pages, each <c>{"page":{…},"header":{…},"results":[…]}</c>.</summary>
    public const string PagesProperty = "pages";

    /// <summary>A page's members.</summary>
    public const string ResultsProperty = "results";

    /// <summary>A page's paging: <c>pageNumber</c>, <c>totalPages</c>, <c>totalRecords</c>.</summary>
    public const string PageProperty = "page";

    public const string TotalRecordsProperty = "totalRecords";

    public const string TotalPagesProperty = "totalPages";

    /// <summary>A member's ticker.</summary>
    public const string TickerProperty = "cod";
}
