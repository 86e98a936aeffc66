using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// The store's and the worker's log, kept in memory with the time of each line, so a scenario can count the failures
/// the cache absorbed, find which entries a failed write or invalidation may have left stale, and search for CROSSSLOT.
/// </summary>
internal sealed partial class ClusterEventLog : ILogger<RedisCacheStore>, ILogger<WriteBehindWorker>
{
    private readonly ConcurrentQueue<(TimeSpan At, EventId Id, string Text)> _entries = new();
    private readonly Func<TimeSpan> _clock;

    public ClusterEventLog(Func<TimeSpan> clock) => _clock = clock;

    public IReadOnlyList<(TimeSpan At, EventId Id, string Text)> Entries => _entries.ToArray();

    /// <summary>How many lines each event wrote.</summary>
    public IReadOnlyDictionary<string, int> CountsByEvent
        => _entries.GroupBy(e => e.Id.Name ?? e.Id.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// The items whose entry the log says may be stale: a write-through or write-behind value that was not stored
    /// (event 2 from a writing method), or an invalidation of its key or its own tag that did not reach Redis (5, 6).
    /// A failed fill or read (event 1, or 2 from a reading method) leaves nothing stale, so it excuses nothing.
    /// </summary>
    /// <returns>Each such item with the time of the first failure naming it: only a read after it is excused.</returns>
    public IReadOnlyDictionary<int, TimeSpan> ItemsPossiblyStale()
    {
        var items = new Dictionary<int, TimeSpan>();
        foreach (var (at, id, text) in _entries)
        {
            var excuses = id.Name switch
            {
                "WriteFailed" => text.Contains("SaveItem", StringComparison.Ordinal),
                "InvalidateFailed" or "InvalidateTagFailed" => true,
                _ => false,
            };
            if (excuses && ItemReference().Match(text) is { Success: true } match)
            {
                items.TryAdd(int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture), at);
            }
        }

        return items;
    }

    public override string ToString() => string.Join(Environment.NewLine, _entries.Select(e => $"{e.At.TotalSeconds,7:F3}s {e.Text}"));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((_clock(), eventId, $"{logLevel} {eventId.Name}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}"));

    // The key 'ledger...item:12#...' or the tag 'item:12' in a message.
    [GeneratedRegex(@"item:(\d+)")]
    private static partial Regex ItemReference();
}
