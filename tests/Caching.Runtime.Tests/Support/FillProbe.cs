using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.Support;

/// <summary>
/// Watches a store's shared fills through its test seam: when a number of callers have joined the fill of a key,
/// and when a fill of a key has left the in-flight table. Tests gate on these instead of sleeping.
/// </summary>
internal sealed class FillProbe : IFillObserver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Dictionary<string, int> _joined = new(StringComparer.Ordinal);
    private readonly List<(string Key, int Count, TaskCompletionSource Reached)> _joinWaits = [];
    private readonly Dictionary<string, TaskCompletionSource> _removed = new(StringComparer.Ordinal);

    public FillProbe(RedisCacheStore store) => store.FillObserver = this;

    /// <summary>Awaited by the fill after it published its result and before it leaves the in-flight table.</summary>
    public Func<string, Task>? WhileEnding { get; set; }

    /// <summary>Completes once <paramref name="count"/> callers (its starter included) have joined fills of <paramref name="key"/>.</summary>
    public Task Joined(string key, int count)
    {
        lock (_gate)
        {
            if (_joined.GetValueOrDefault(key) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _joinWaits.Add((key, count, reached));
            return reached.Task.WaitAsync(Patience);
        }
    }

    /// <summary>Completes when a fill of <paramref name="key"/> has left the in-flight table.</summary>
    public Task FillRemoved(string key) => Removed(key).Task.WaitAsync(Patience);

    /// <summary>How many callers joined fills of <paramref name="key"/>.</summary>
    public int JoinCount(string key)
    {
        lock (_gate)
        {
            return _joined.GetValueOrDefault(key);
        }
    }

    void IFillObserver.Joined(string key)
    {
        lock (_gate)
        {
            var count = _joined[key] = _joined.GetValueOrDefault(key) + 1;
            foreach (var wait in _joinWaits)
            {
                if (wait.Key == key && count >= wait.Count)
                {
                    wait.Reached.TrySetResult();
                }
            }
        }
    }

    Task IFillObserver.EndingAsync(string key) => WhileEnding?.Invoke(key) ?? Task.CompletedTask;

    void IFillObserver.Removed(string key) => Removed(key).TrySetResult();

    private TaskCompletionSource Removed(string key)
    {
        lock (_gate)
        {
            if (!_removed.TryGetValue(key, out var removed))
            {
                removed = _removed[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return removed;
        }
    }
}
