namespace B3.Downloader.Cli;

/// <summary>The command line's log: one line per event on the error writer, so standard output carries only keys.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer, bool verbose) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(writer, verbose, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter writer, bool verbose, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            };
            var detail = exception is null ? string.Empty : verbose ? $"{Environment.NewLine}{exception}" : $" ({exception.Message})";
            lock (writer)
            {
                writer.WriteLine($"{level}: {(verbose ? category + ": " : string.Empty)}{formatter(state, exception)}{detail}");
            }
        }
    }
}
