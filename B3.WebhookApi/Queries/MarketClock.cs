namespace B3.WebhookApi.Queries;

/// <summary>B3's calendar day: São Paulo time, UTC−3 all year since Brazil dropped daylight saving time in 2019.</summary>
public static class MarketClock
{
    private static readonly TimeSpan SaoPauloOffset = TimeSpan.FromHours(-3);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(SaoPauloOffset).DateTime);
}
