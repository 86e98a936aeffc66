using System;
using System.Collections.Concurrent;
using Caching;
using Microsoft.Extensions.Logging;

namespace TagDesigns.Measuring;

/// <summary>
/// Keeps the store's warnings and errors. The store turns every Redis error (a CROSSSLOT included) into a logged
/// miss, so an empty log is what proves that no command failed.
/// </summary>
internal sealed class WarningCounter : ILogger<RedisCacheStore>
{
    private readonly ConcurrentQueue<string> _messages = new();

    public int Count => _messages.Count;

    public string First => _messages.TryPeek(out var message) ? message : "";

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _messages.Enqueue($"{eventId.Name}: {formatter(state, exception)} {exception?.Message}");
        }
    }
}
