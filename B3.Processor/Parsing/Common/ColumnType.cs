namespace B3.Processor.Parsing.Common;

/// <summary>The PostgreSQL type of a loaded column, which decides how its value is parsed and written.</summary>
internal enum ColumnType
{
    Text,
    Date,
    Numeric,
    Integer,
    Bigint,
    Boolean,
}
