namespace B3.Processor.Parsing;

/// <summary>
/// An <see cref="IRowTarget"/> that also takes a valid row in one call, all its values in column order, in place of
/// <see cref="IRowTarget.StartRow"/> and one <c>Write</c> per value: a call per value measured a sixth of the COTAHIST
/// parse. Parsers use it when the target has it.
/// </summary>
public interface IWholeRowTarget : IRowTarget
{
    void WriteRow(RowValues row);
}
