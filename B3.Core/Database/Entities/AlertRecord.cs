namespace B3.Core.Database.Entities;

/// <summary>The last sending of one alert cause (<c>b3.alerts</c>), shared by every instance of every service.</summary>
public sealed class AlertRecord
{
    public required string Cause { get; set; }

    public DateTimeOffset LastSentAt { get; set; }

    public required string LastText { get; set; }

    public int SentCount { get; set; }

    public int SuppressedCount { get; set; }
}
