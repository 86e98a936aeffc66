using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Storing what a miss computed: encoded with its expiry, written by the compare-and-set script against what the read observed.
public sealed partial class RedisCacheStore
{
    private async ValueTask StoreFillAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, FillRead<T> read, CancellationToken cancellationToken)
    {
        if (policy.HashMapper is { } hashMapper)
        {
            await StoreHashFillAsync(key, value, policy, hashMapper, read).ConfigureAwait(false); // Layout = Hash
            return;
        }

        if (!FillEntry(key, tags, value, policy, read, out var entry, out var expiry))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            _metrics.FillWritten(policy.Telemetry, started, await _circuit.RunAsync(
                static s => FillScript.StoreAsync(s.Database, s.Key, s.Observed, s.Entry, s.Expiry),
                (Database, Key: (RedisKey)key, read.Observed, Entry: entry, Expiry: expiry), cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogWriteFailed(key, policy.Telemetry, ex);
        }
    }

    // Whether a fill may be stored, and its bytes. Not after a failed read: what it would replace is unknown. Not
    // after a fill slower than the invalidation window: an invalidation's marker may already be gone.
    private bool FillEntry<T>(string key, string[]? tags, T value, CachePolicy<T> policy, FillRead<T> read, out byte[] entry, out TimeSpan expiry)
    {
        entry = [];
        expiry = default;
        if (!read.Succeeded)
        {
            return false;
        }

        if (Stopwatch.GetElapsedTime(read.StartedTimestamp) > _options.InvalidationWindow)
        {
            CacheLog.FillTooSlow(_logger, key, policy.Name, _options.InvalidationWindow);
            return false;
        }

        var encoded = Encode(value, policy, tags is { Length: > 0 } ? read.Digest : null, out expiry);
        if (encoded is null)
        {
            return false;
        }

        entry = encoded;
        return true;
    }

    // The entry's bytes and its physical TTL in Redis: the logical expiry (the policy's TTL, jitter, adaptive TTL)
    // plus the fail-safe window, so an expired value is still there to fall back on while the core fails or is slow.
    private byte[]? Encode<T>(T value, CachePolicy<T> policy, ulong? tagDigest, out TimeSpan expiry)
    {
        HashLayoutUnsupported(policy);
        var logical = policy.NextExpiry(value, _options.DefaultTtl, _options.DefaultJitter);
        if (logical <= TimeSpan.Zero)
        {
            // The policy's adaptive TTL said "do not cache this value".
            expiry = TimeSpan.Zero;
            return null;
        }

        expiry = logical + policy.FailSafe;
        if (tagDigest is not null && expiry > _options.MaxTaggedEntryTtl)
        {
            // A tagged entry must be gone from Redis before the stamp of an invalidation that happened after it was
            // written; that bounds the physical TTL, fail-safe window included, and the logical expiry within it.
            expiry = _options.MaxTaggedEntryTtl;
            if (logical > expiry)
            {
                logical = expiry;
            }
        }

        var now = NowUnixMs;
        var logicalMs = (long)logical.TotalMilliseconds;
        long? refreshAt = policy.RefreshAhead > 0 ? now + (long)(logicalMs * policy.RefreshAhead) : null;
        try
        {
            return CacheEntryCodec.Encode(value, policy.Serializer, policy.SchemaHash, now + logicalMs, tagDigest, refreshAt, policy.CompressAbove);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CacheLog.SerializeFailed(_logger, policy.Name, ex);
            _metrics.Error(policy.Telemetry, CacheOperation.Serialize, ex);
            return null;
        }
    }
}
