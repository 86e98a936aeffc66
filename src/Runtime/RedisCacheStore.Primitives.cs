using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>One value of <see cref="RedisCacheStore.GetVersionedAsync"/>.</summary>
/// <param name="Version">The version it was stored with.</param>
/// <param name="Value">The value.</param>
public readonly record struct VersionedValue(long Version, RedisValue Value);

public sealed partial class RedisCacheStore
{
    /// <summary>
    /// Adds <paramref name="by"/> to the counter at <paramref name="key"/> and returns the new count, atomically; a new
    /// counter expires <paramref name="ttl"/> after its first increment (later increments keep that expiry). Keys are
    /// full keys: include <see cref="KeyPrefix"/>. Unlike cached reads there is no core to fall back on, so a Redis
    /// failure is thrown to the caller, who decides (a rate limiter usually lets the request through).
    /// </summary>
    public async Task<long> IncrementAsync(string key, long by, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Require(ttl, nameof(ttl));
        var result = await Database.ScriptEvaluateAsync(PrimitiveScripts.Increment, [key], [by, Milliseconds(ttl)])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/> with <paramref name="version"/> only when the stored
    /// version is older (or there is none), atomically, with a TTL of <paramref name="ttl"/>: the last writer by version
    /// wins, whatever order the writes arrive in. True when stored. A Redis failure is thrown to the caller.
    /// </summary>
    public async Task<bool> SetIfNewerAsync(string key, long version, RedisValue value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Require(ttl, nameof(ttl));
        var result = await Database.ScriptEvaluateAsync(PrimitiveScripts.SetIfNewer, [key], [version, value, Milliseconds(ttl)])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <summary>The value and version <see cref="SetIfNewerAsync"/> stored under <paramref name="key"/>, or null.</summary>
    public async Task<VersionedValue?> GetVersionedAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var fields = await Database.HashGetAsync(key, ["v", "d"]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return fields[0].IsNull || !fields[0].TryParse(out long version) ? null : new VersionedValue(version, fields[1]);
    }

    // PEXPIRE takes whole milliseconds; a TTL under one rounds up rather than to zero, which would delete the key.
    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));
}
