using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using Caching.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Caching.Resilience.Tests.Restarts;

/// <summary>
/// The store's logger for these scenarios: keeps each event's name with a <see cref="Stopwatch"/> timestamp (so a
/// test can say when the breaker opened or closed relative to its own clock) and forwards every line to a
/// <see cref="ListLogger"/> for the failure messages.
/// </summary>
internal sealed class TimedLog(ListLogger inner) : ILogger<RedisCacheStore>
{
    private readonly ConcurrentQueue<(long Timestamp, string Name)> _events = new();

    /// <summary>The timestamps (<see cref="Stopwatch.GetTimestamp"/>) at which <paramref name="name"/> was logged.</summary>
    public long[] TimesOf(string name) => _events.Where(e => e.Name == name).Select(e => e.Timestamp).ToArray();

    /// <summary>How many times <paramref name="name"/> was logged.</summary>
    public int Count(string name) => _events.Count(e => e.Name == name);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _events.Enqueue((Stopwatch.GetTimestamp(), eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
