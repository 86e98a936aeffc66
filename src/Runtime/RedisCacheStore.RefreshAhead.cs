using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Refresh-ahead: a hit past the policy's refresh-at moment starts one background refresh of the entry, so hot keys
// are renewed before they expire in front of a caller (see docs/design/failsafe.md).
public sealed partial class RedisCacheStore
{
    // Whether a hit's entry records a refresh-at moment that has passed. Called only for refresh-ahead policies.
    private bool IsRefreshDue(RedisValue observed)
    {
        var refreshAt = CacheEntryCodec.RefreshAt(((ReadOnlyMemory<byte>)observed).Span);
        return refreshAt != 0 && refreshAt <= NowUnixMs;
    }

    // Goes through the flight table, so concurrent hits start one refresh per key in this process, and a miss that
    // observed the same bytes shares it. The refresh stores by the same compare-and-set as any fill, against the
    // bytes this hit read: a newer write or an invalidation since then wins.
    private void StartRefreshAhead<TState, T>(
        string key, string[]? tags, CachePolicy<T> policy, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, FillRead<T> read)
    {
        if (_flights.ContainsKey(key))
        {
            // A fill or refresh of this key is already under way; it brings a newer value.
            return;
        }

        // Its creator never waits and never leaves, so the core's token is never cancelled: nobody asked to stop it.
        var flight = NewFlight(tags, read);
        flight.MarkBackground();
        if (!_flights.TryAdd(key, flight))
        {
            return;
        }

        // On the pool, not inline: the hit returns at once even if the core does synchronous work before its first
        // await. QueueUserWorkItem flows the execution context (logging scopes, activities) to the core.
        ThreadPool.QueueUserWorkItem(
            static s => _ = s.Store.RunFillAsync(s.Key, s.Tags, s.Policy, s.State, s.Factory, s.Read, s.Flight),
            (Store: this, Key: key, Tags: tags, Policy: policy, State: state, Factory: factory, Read: read, Flight: flight),
            preferLocal: false);
    }
}
