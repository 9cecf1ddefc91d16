using B3.Core.Datasets;
using B3.Processor.Parsing.Csv;

namespace B3.Processor.Parsing.Instruments;

/// <summary>InstrumentsConsolidatedFile (the 52-column instruments register) into <c>b3.instruments</c>.</summary>
public sealed class InstrumentsCsvParser() : CsvFileParser(Dataset.Instruments, InstrumentsLayout.Csv, CsvDialect.Consolidated);
