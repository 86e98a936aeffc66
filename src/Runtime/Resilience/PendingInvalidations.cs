using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Caching;

/// <summary>
/// Invalidations that could not reach Redis, or could not be published to the other processes' L1, kept until a
/// replay succeeds (<c>docs/design/resilience.md</c>). Without them an old entry would be served until its TTL after
/// a write that the database already has.
/// </summary>
/// <param name="capacity">The most kept at once; past it a failure is only logged.</param>
internal sealed class PendingInvalidations(int capacity)
{
    private readonly ConcurrentDictionary<PendingInvalidation, long> _pending = new();
    private long _stamp;

    public int Count => _pending.Count;

    public bool IsEmpty => _pending.IsEmpty;

    /// <summary>Keeps <paramref name="invalidation"/> (again); false when full and it is not kept yet.</summary>
    public bool Add(PendingInvalidation invalidation)
    {
        var stamp = Interlocked.Increment(ref _stamp);
        if (_pending.Count >= capacity && !_pending.ContainsKey(invalidation))
        {
            return false;
        }

        // A newer stamp tells Done that it failed again after a replay took it.
        _pending[invalidation] = stamp;
        return true;
    }

    public KeyValuePair<PendingInvalidation, long>[] Snapshot() => _pending.ToArray();

    /// <summary>Forgets a replayed invalidation, unless it failed again since <see cref="Snapshot"/> took it.</summary>
    public void Done(KeyValuePair<PendingInvalidation, long> replayed) => _pending.TryRemove(replayed);
}

/// <summary>One failed invalidation: a key, a tag or a pattern (<see cref="LocalInvalidation"/>'s kinds).</summary>
/// <param name="Kind">What <paramref name="Text"/> is.</param>
/// <param name="Text">The full key, the tag or the pattern.</param>
/// <param name="PublishOnly">Redis has it; only the message to other processes' L1 is missing.</param>
internal readonly record struct PendingInvalidation(char Kind, string Text, bool PublishOnly);
