using System;
using Caching;
using Microsoft.Extensions.Logging;

namespace WriteBehindWorkerApp;

/// <summary>Writes the worker's log to standard error, which the crash test shows when it fails.</summary>
internal sealed class StderrLogger : ILogger<WriteBehindWorker>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {eventId.Name}: {formatter(state, exception)} {exception?.Message}");
        }
    }
}
