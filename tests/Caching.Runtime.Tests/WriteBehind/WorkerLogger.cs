using System;
using System.Collections.Concurrent;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>Keeps the worker's log lines, so a test can assert on them and show them when it fails.</summary>
internal sealed class WorkerLogger : ILogger<WriteBehindWorker>
{
    private readonly ConcurrentQueue<(EventId Id, string Text)> _entries = new();

    public string[] EventNames => _entries.Select(e => e.Id.Name ?? "").ToArray();

    public int Count(string eventName) => _entries.Count(e => e.Id.Name == eventName);

    public override string ToString() => string.Join(Environment.NewLine, _entries.Select(e => e.Text));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((eventId, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {eventId.Name}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}"));
}
