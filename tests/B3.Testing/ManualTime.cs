namespace B3.Testing;

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => Now;
}
