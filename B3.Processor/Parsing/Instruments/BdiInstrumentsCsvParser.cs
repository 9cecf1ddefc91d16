using B3.Core.Datasets;
using B3.Processor.Parsing.Csv;

namespace B3.Processor.Parsing.Instruments;

/// <summary>The BDI InstrumentsEquities CSV export (the instruments fallback source) into <c>b3.instruments</c>.</summary>
public sealed class BdiInstrumentsCsvParser() : CsvFileParser(Dataset.Instruments, InstrumentsLayout.Csv, CsvDialect.BdiExport);
