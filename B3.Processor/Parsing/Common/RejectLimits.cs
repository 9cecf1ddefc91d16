namespace B3.Processor.Parsing;

/// <summary>
/// When rejected rows stop being a few bad rows to quarantine and become a bad file: the file fails as soon as more
/// rows than <see cref="MaxRejectedRows"/>, or a larger share than <see cref="MaxRejectedShare"/> once
/// <see cref="MinRowsForShare"/> rows were read, were rejected, and also when every row was rejected. Failing early
/// keeps a garbage file from filling the quarantine.
/// </summary>
public static class RejectLimits
{
    public const int MaxRejectedRows = 1_000;

    public const double MaxRejectedShare = 0.10;

    public const int MinRowsForShare = 100;
}
