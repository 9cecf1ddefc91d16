namespace B3.Core.Database.Entities;

/// <summary>
/// One corporate event as a day's snapshot of B3's listed-companies API reported it (<c>b3.corporate_actions</c>). The
/// same event appears in every snapshot that lists it, and once per ISIN the issuer ever had: each distinct one is
/// kept once in <c>b3.reported_corporate_events</c>, and the view <c>b3.corporate_events</c> keeps the ISIN that traded.
/// </summary>
public sealed class CorporateAction : CorporateEventRow
{
    /// <summary>The snapshot's date: a reload of that day's object replaces these rows.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>The event's 1-based position in the snapshot.</summary>
    public long Position { get; set; }
}
