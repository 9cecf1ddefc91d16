namespace B3.Processor.Parsing;

/// <summary>The file cannot be loaded at all; the message names the problem and becomes the job's reason.</summary>
public sealed class InvalidFileException(string message, Exception? inner = null) : Exception(message, inner);
