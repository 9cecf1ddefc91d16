using NpgsqlTypes;

namespace B3.Processor.Parsing.Common;

/// <summary>
/// An <see cref="IRowTarget"/>'s writes, resolved once per file. <c>Write&lt;T&gt;</c> called through the interface is a
/// generic virtual call, looked up at run time on every call (a seventh of the COTAHIST parse time when measured); a
/// delegate bound once to each <c>Write&lt;T&gt;</c> the parsers use is a plain indirect call.
/// </summary>
internal sealed class RowWriter(IRowTarget target)
{
    public Action StartRow { get; } = target.StartRow;

    public Action WriteNull { get; } = target.WriteNull;

    public Action<string, NpgsqlDbType> Text { get; } = target.Write;

    public Action<DateOnly, NpgsqlDbType> Date { get; } = target.Write;

    public Action<decimal, NpgsqlDbType> Numeric { get; } = target.Write;

    public Action<int, NpgsqlDbType> Integer { get; } = target.Write;

    public Action<long, NpgsqlDbType> Bigint { get; } = target.Write;

    public Action<bool, NpgsqlDbType> Boolean { get; } = target.Write;
}
