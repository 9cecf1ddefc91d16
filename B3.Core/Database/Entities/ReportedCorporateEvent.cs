namespace B3.Core.Database.Entities;

/// <summary>
/// Each distinct event of <c>b3.corporate_actions</c> once (<c>b3.reported_corporate_events</c>), with the first snapshot
/// that reported it as its source: the daily snapshots repeat every event, and an adjusted series reads a ticker's few
/// events here instead of all their repeats. The Processor keeps it current as each snapshot loads
/// (<c>b3.record_reported_events</c>).
/// </summary>
public sealed class ReportedCorporateEvent : CorporateEventRow
{
    public long Id { get; set; }

    /// <summary>The date of the first snapshot that listed the event; the row's object key and ETag are that snapshot's.</summary>
    public DateOnly FirstReported { get; set; }
}
