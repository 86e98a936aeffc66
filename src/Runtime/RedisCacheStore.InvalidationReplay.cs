using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

// Failed invalidations are replayed until they succeed (docs/design/resilience.md). A replay costs at most a miss:
// whatever it deletes is filled again from the core, which already has the change the invalidation was for; not
// replaying leaves the old value served until its TTL, the staleness a cache must not add.
public sealed partial class RedisCacheStore
{
    private static readonly TimeSpan FirstReplayPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestReplayPause = TimeSpan.FromSeconds(5);

    private int _replaying;

    /// <summary>
    /// Invalidations (keys, tags, patterns, or their messages to other processes' L1) that failed and are waiting to
    /// be replayed once Redis answers again; at most <see cref="RedisCacheStoreOptions.MaxPendingInvalidations"/>.
    /// </summary>
    public int PendingInvalidationCount => _pendingInvalidations.Count;

    private void RememberFailedInvalidation(char kind, string text, bool publishOnly = false)
    {
        if (_options.MaxPendingInvalidations == 0)
        {
            return;
        }

        if (!_pendingInvalidations.Add(new PendingInvalidation(kind, text, publishOnly)))
        {
            if (ShouldLogFailure(CacheLog.InvalidationNotKeptId))
            {
                CacheLog.InvalidationNotKept(_logger, text, _options.MaxPendingInvalidations);
            }

            return;
        }

        if (Interlocked.Exchange(ref _replaying, 1) == 0)
        {
            _ = ReplayPendingInvalidationsAsync();
        }
    }

    // One loop per store while anything is pending: pauses, replays what it can, backs off while Redis still fails.
    private async Task ReplayPendingInvalidationsAsync()
    {
        var pause = FirstReplayPause;
        while (true)
        {
            await Task.Delay(pause).ConfigureAwait(false);
            var (replayed, failed) = await ReplayOnceAsync().ConfigureAwait(false);
            if (replayed > 0)
            {
                CacheLog.InvalidationsReplayed(_logger, replayed, _pendingInvalidations.Count);
            }

            if (_pendingInvalidations.IsEmpty)
            {
                Volatile.Write(ref _replaying, 0);
                // A failure that arrived between the check and the reset found the loop still running: take it over.
                if (_pendingInvalidations.IsEmpty || Interlocked.Exchange(ref _replaying, 1) != 0)
                {
                    return;
                }
            }

            pause = !failed ? FirstReplayPause : pause < LongestReplayPause ? pause + pause : LongestReplayPause;
        }
    }

    // Replays in no particular order (deletes commute); stops at the first failure, since Redis is still failing.
    private async Task<(int Replayed, bool Failed)> ReplayOnceAsync()
    {
        var replayed = 0;
        foreach (var item in _pendingInvalidations.Snapshot())
        {
            var (kind, text, publishOnly) = item.Key;
            var done = publishOnly || kind switch
            {
                LocalInvalidation.Key => await WriteTombstoneAsync(text, CancellationToken.None).ConfigureAwait(false),
                LocalInvalidation.Tag => await WriteTagStampAsync(text, CancellationToken.None).ConfigureAwait(false),
                _ => (await InvalidatePatternOnPrimariesAsync(text, CancellationToken.None).ConfigureAwait(false)).Complete,
            };
            if (done)
            {
                EvictLocal(kind, text);
                done = await PublishLocalAsync(kind, text).ConfigureAwait(false);
            }

            if (!done)
            {
                return (replayed, true);
            }

            _pendingInvalidations.Done(item);
            replayed++;
        }

        return (replayed, false);
    }
}
