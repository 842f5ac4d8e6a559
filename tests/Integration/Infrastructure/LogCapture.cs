using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>Keeps every log line of a test silo at <paramref name="minimum"/> (Warning unless told) and above (category, level, event id, message, exception).</summary>
public sealed class LogCapture(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private readonly LogLevel _minimum = minimum;

    /// <summary>The lines so far.</summary>
    public IReadOnlyList<CapturedLog> Lines => _lines.ToArray();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._lines.Enqueue(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception), exception?.ToString()));
            }
        }
    }
}

/// <summary>One captured log line.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message, string? Exception = null);
