using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Reading an entry (with its tags' stamps) and decoding it; what the read observed feeds the fill after a miss.
public sealed partial class RedisCacheStore
{
    // What a read observed, so that the fill after a miss can compare-and-set against it.
    private readonly record struct FillRead<T>(CacheLookup<T> Lookup, RedisValue Observed, ulong? Digest, long StartedTimestamp, bool Succeeded);

    private async ValueTask<FillRead<T>> ReadAsync<T>(string key, string[]? tags, CachePolicy<T> policy, CancellationToken cancellationToken)
    {
        if (policy.HashMapper is { } hashMapper)
        {
            return await ReadHashAsync(key, tags, policy, hashMapper, cancellationToken).ConfigureAwait(false); // Layout = Hash
        }

        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        RedisValue stored;
        ulong? digest = null;
        try
        {
            if (tags is { Length: > 0 })
            {
                // The entry and its tags' stamps in one round trip: one MGET on a single server, one per slot on a cluster.
                var values = await _circuit.RunAsync(static s => s.Store.MultiGetAsync(s.Keys), (Store: this, Keys: EntryAndStampKeys(key, tags)), cancellationToken).ConfigureAwait(false);
                stored = values[0];
                digest = TagStamps.Digest(tags, values.AsSpan(1));
            }
            else
            {
                stored = await _circuit.RunAsync(static s => s.Database.StringGetAsync(s.Key), (Database, Key: (RedisKey)key), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RedisServerException ex) when (IsWrongType(ex))
        {
            // Another application's hash, list or set under our key: Redis answered, so it is an unreadable entry (a
            // miss, logged once, overwritten by the fill), not a failed read that would leave it there for good.
            _metrics.RedisRead(policy.Telemetry, started);
            LogUnreadable(key, policy.Telemetry, CacheEntryStatus.Foreign, null);
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Foreign, default), FillScript.OtherType, digest, started, Succeeded: true);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogReadFailed(key, policy.Telemetry, ex);
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Missing, default), RedisValue.Null, null, started, Succeeded: false);
        }

        _metrics.RedisRead(policy.Telemetry, started);
        return new FillRead<T>(Decode(key, stored, policy, digest), stored, digest, started, Succeeded: true);
    }

    private async Task<ulong> ReadTagDigestAsync(string[] tags)
    {
        var keys = EntryAndStampKeys(null, tags);
        var stamps = await MultiGetAsync(keys).ConfigureAwait(false);
        return TagStamps.Digest(tags, stamps);
    }

    // The synchronous read of an entry and its tags' stamps: one MGET on a single server; on a cluster, where the
    // stamps live in other slots, one GET each.
    private (RedisValue Entry, ulong? Digest) ReadEntry(string key, string[]? tags)
    {
        var database = Database;
        if (tags is not { Length: > 0 })
        {
            return (database.StringGet(key), null);
        }

        var keys = EntryAndStampKeys(key, tags);
        RedisValue[] values;
        if (IsCluster)
        {
            values = new RedisValue[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                values[i] = database.StringGet(keys[i]);
            }
        }
        else
        {
            values = database.StringGet(keys);
        }

        return (values[0], TagStamps.Digest(tags, values.AsSpan(1)));
    }

    // The entry's key (when given) followed by the stamp key of each tag.
    private RedisKey[] EntryAndStampKeys(string? key, string[] tags)
    {
        var offset = key is null ? 0 : 1;
        var keys = new RedisKey[tags.Length + offset];
        if (key is not null)
        {
            keys[0] = key;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            keys[i + offset] = TagStamps.Key(KeyPrefix, tags[i]);
        }

        return keys;
    }

    private CacheLookup<T> Decode<T>(string key, RedisValue stored, CachePolicy<T> policy, ulong? tagDigest)
    {
        if (stored.IsNull)
        {
            return new CacheLookup<T>(CacheEntryStatus.Missing, default);
        }

        var status = CacheEntryCodec.TryDecode(((ReadOnlyMemory<byte>)stored).Span, policy.Serializer, policy.SchemaHash, NowUnixMs, tagDigest, out var value, out var error);
        if (status is not (CacheEntryStatus.Hit or CacheEntryStatus.Expired or CacheEntryStatus.Invalidated or CacheEntryStatus.TagInvalidated))
        {
            CacheLog.EntryUnreadable(_logger, key, policy.Name, status, error);
            _metrics.Error(policy.Telemetry, CacheOperation.Read, status == CacheEntryStatus.SchemaMismatch ? "schema_mismatch" : "corrupt_entry");
        }

        return new CacheLookup<T>(status, value);
    }
}
