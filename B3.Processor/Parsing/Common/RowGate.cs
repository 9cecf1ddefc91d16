using System.Globalization;
using System.Text;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// Where a parsed row goes: to the target when it passes validation, to quarantine with its reason when it does not.
/// Counts both and fails the file once the rejects pass <see cref="RejectLimits"/>.
/// </summary>
internal sealed class RowGate(IRowTarget target, RowValidator validator)
{
    private long _accepted;
    private long _rejected;
    private string? _firstReject;

    public void Submit(RowBuffer row, long lineNumber, ReadOnlySpan<byte> rawLine, Encoding encoding)
    {
        if (validator.Check(row) is { } reason)
        {
            Reject(lineNumber, encoding.GetString(rawLine), reason);
            return;
        }

        Accept(row);
    }

    public void Submit(RowBuffer row, long lineNumber, string rawLine)
    {
        if (validator.Check(row) is { } reason)
        {
            Reject(lineNumber, rawLine, reason);
            return;
        }

        Accept(row);
    }

    public void Reject(long lineNumber, string rawLine, string reason)
    {
        target.Reject(lineNumber, rawLine, reason);
        _rejected++;
        _firstReject ??= $"line {lineNumber}: {reason}";
        if (OverLimits())
        {
            throw TooManyInvalidRows($"{_rejected} of the {_accepted + _rejected} rows read so far were rejected");
        }
    }

    /// <summary>Ends the file: fails it when it has no rows, when every row was rejected, or when the rejects pass the limits.</summary>
    public void Complete()
    {
        if (_accepted == 0 && _rejected == 0)
        {
            throw new InvalidFileException("the file holds no data rows");
        }

        if (_accepted == 0 || OverLimits())
        {
            throw TooManyInvalidRows($"{_rejected} of the {_accepted + _rejected} rows were rejected");
        }
    }

    private bool OverLimits()
    {
        var read = _accepted + _rejected;
        return _rejected > RejectLimits.MaxRejectedRows
            || (read >= RejectLimits.MinRowsForShare && _rejected > read * RejectLimits.MaxRejectedShare);
    }

    private void Accept(RowBuffer row)
    {
        target.WriteRow(row.Values);
        _accepted++;
    }

    private InvalidFileException TooManyInvalidRows(string counts) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"too many invalid rows: {counts} (the limit is {RejectLimits.MaxRejectedRows} rows, or {RejectLimits.MaxRejectedShare:P0} once {RejectLimits.MinRowsForShare} rows are read); the first was {_firstReject}"));
}
