using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Layout = Hash: a flat value stored as a Redis hash, one field per property plus the header field '#h'
// (docs/design/hash-layout.md). The read and the fill plug into ReadAsync and StoreFillAsync, so stampede protection,
// the distributed fill and refresh work unchanged; what a read observed is a token the fill script compares against.
public sealed partial class RedisCacheStore
{
    private static readonly RedisValue ObservedNothing = "n";
    private static readonly RedisValue ObservedAnything = "*";
    private static readonly RedisValue ObservedOtherType = "o";

    /// <inheritdoc/>
    public async ValueTask<CacheLookup<RedisValue>> TryGetHashFieldAsync<T>(string key, CachePolicy<T> policy, int field, CancellationToken cancellationToken = default)
    {
        var mapper = policy.HashMapper ?? throw new ArgumentException($"The policy of '{policy.Name}' does not store values as hashes.", nameof(policy));
        if ((uint)field >= (uint)mapper.Fields.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "No such field.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        RedisValue[] values;
        try
        {
            values = await _circuit.RunAsync(
                static s => s.Database.HashGetAsync(s.Key, [HashEntryHeader.Field, s.Field]),
                (Database, Key: (RedisKey)key, Field: mapper.Fields[field]), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (IsWrongType(ex))
        {
            var other = await ReadNonHashAsync(key, policy, Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
            return new CacheLookup<RedisValue>(other.Lookup.Status, RedisValue.Null);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogReadFailed(key, policy.Telemetry, ex);
            return new CacheLookup<RedisValue>(CacheEntryStatus.Missing, RedisValue.Null);
        }

        if (values[0].IsNull && values[1].IsNull)
        {
            return new CacheLookup<RedisValue>(CacheEntryStatus.Missing, RedisValue.Null);
        }

        var status = HashEntryHeader.Check(values[0], policy.SchemaHash, NowUnixMs, mapper.Fields.Length, values.AsSpan(1), field);
        if (status == CacheEntryStatus.Hit && HashEntryHeader.IsNullValue(((ReadOnlyMemory<byte>)values[0]).Span))
        {
            // The cached value is null: it has no property to read.
            return new CacheLookup<RedisValue>(CacheEntryStatus.Missing, RedisValue.Null);
        }

        LogUnreadable(key, policy.Telemetry, status, null);
        return new CacheLookup<RedisValue>(status, status == CacheEntryStatus.Hit ? values[1] : RedisValue.Null);
    }

    // HMGET of the header and every field in one command; a string under the key is a miss, compared by its SHA-1.
    private async ValueTask<FillRead<T>> ReadHashAsync<T>(string key, string[]? tags, CachePolicy<T> policy, ICacheHashMapper<T> mapper, CancellationToken cancellationToken)
    {
        RequireUntagged(tags, policy);
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        RedisValue[] values;
        try
        {
            values = await _circuit.RunAsync(
                static s => s.Database.HashGetAsync(s.Key, s.Fields), (Database, Key: (RedisKey)key, Fields: HeaderAndFields(mapper)), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (IsWrongType(ex))
        {
            return await ReadNonHashAsync(key, policy, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogReadFailed(key, policy.Telemetry, ex);
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Missing, default), RedisValue.Null, null, started, Succeeded: false);
        }

        _metrics.RedisRead(policy.Telemetry, started);
        if (Array.TrueForAll(values, static v => v.IsNull))
        {
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Missing, default), ObservedNothing, null, started, Succeeded: true);
        }

        var observed = (RedisValue)Concat((byte)'h', values[0].IsNull ? [] : ((ReadOnlyMemory<byte>)values[0]).Span);
        var fields = values.AsSpan(1);
        var status = HashEntryHeader.Check(values[0], policy.SchemaHash, NowUnixMs, mapper.Fields.Length, fields, 0);
        T? value = default;
        Exception? error = null;
        if (status == CacheEntryStatus.Hit && !HashEntryHeader.IsNullValue(((ReadOnlyMemory<byte>)values[0]).Span))
        {
            try
            {
                if (!mapper.TryRead(fields, out value))
                {
                    status = CacheEntryStatus.Corrupt;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                status = CacheEntryStatus.Corrupt;
                error = ex;
            }
        }
        else if (status == CacheEntryStatus.Hit && default(T) is not null)
        {
            // A null for a non-nullable value type cannot have been written for this method.
            status = CacheEntryStatus.Corrupt;
        }

        LogUnreadable(key, policy.Telemetry, status, error);
        return new FillRead<T>(new CacheLookup<T>(status, status == CacheEntryStatus.Hit ? value : default), observed, null, started, Succeeded: true);
    }

    // A string where a hash should be: an invalidation's marker (a miss, not logged), a JSON-layout entry from before
    // the layout changed, or a foreign value. One GET learns its bytes, so the fill replaces exactly it.
    private async ValueTask<FillRead<T>> ReadNonHashAsync<T>(string key, CachePolicy<T> policy, long started, CancellationToken cancellationToken)
    {
        RedisValue stored;
        try
        {
            stored = await _circuit.RunAsync(static s => s.Database.StringGetAsync(s.Key), (Database, Key: (RedisKey)key), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (IsWrongType(ex))
        {
            // Neither a hash nor a string (another application's list, set, sorted set or stream): unreadable, a miss
            // that the fill overwrites ("o": it stores only if the key still holds such a type). Before, this was a
            // failed read and the key was never overwritten (found by Resilience.Tests/Entries).
            LogUnreadable(key, policy.Telemetry, CacheEntryStatus.Foreign, null);
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Foreign, default), ObservedOtherType, null, started, Succeeded: true);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogReadFailed(key, policy.Telemetry, ex);
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Missing, default), RedisValue.Null, null, started, Succeeded: false);
        }

        if (stored.IsNull)
        {
            return new FillRead<T>(new CacheLookup<T>(CacheEntryStatus.Missing, default), ObservedNothing, null, started, Succeeded: true);
        }

        var bytes = ((ReadOnlyMemory<byte>)stored).Span;
        var status = CacheEntryHeader.TryRead(bytes, out var header) == CacheEntryStatus.Hit && (header.Flags & CacheEntryFlags.Tombstone) != 0
            ? CacheEntryStatus.Invalidated
            : CacheEntryStatus.Foreign;
        LogUnreadable(key, policy.Telemetry, status, null);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(bytes, hash);
        var observed = (RedisValue)("s" + Convert.ToHexString(hash).ToLowerInvariant());
        return new FillRead<T>(new CacheLookup<T>(status, default), observed, null, started, Succeeded: true);
    }

    // The fill of a miss, by the compare-and-set script against what the read observed; the same rules as a string
    // entry's fill (not after a failed read, not after a fill slower than the invalidation window).
    private async ValueTask StoreHashFillAsync<T>(string key, T value, CachePolicy<T> policy, ICacheHashMapper<T> mapper, FillRead<T> read)
    {
        if (!read.Succeeded)
        {
            return;
        }

        if (Stopwatch.GetElapsedTime(read.StartedTimestamp) > _options.InvalidationWindow)
        {
            CacheLog.FillTooSlow(_logger, key, policy.Name, _options.InvalidationWindow);
            return;
        }

        await WriteHashAsync(key, value, policy, mapper, read.Observed, CancellationToken.None).ConfigureAwait(false);
    }

    // Write-through of a hash-layout value: no comparison, the newest state wins.
    private async ValueTask<bool> SetHashAsync<T>(string key, string[]? tags, T value, CachePolicy<T> policy, ICacheHashMapper<T> mapper, CancellationToken cancellationToken)
    {
        RequireUntagged(tags, policy);
        if (await WriteHashAsync(key, value, policy, mapper, ObservedAnything, cancellationToken).ConfigureAwait(false))
        {
            await InvalidateLocalAsync(LocalInvalidation.Key, key).ConfigureAwait(false);
            return true;
        }

        await InvalidateAsync(key, CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    private async ValueTask<bool> WriteHashAsync<T>(string key, T value, CachePolicy<T> policy, ICacheHashMapper<T> mapper, RedisValue observed, CancellationToken cancellationToken)
    {
        var logical = policy.NextExpiry(value, _options.DefaultTtl, _options.DefaultJitter);
        if (logical <= TimeSpan.Zero)
        {
            return false; // the adaptive TTL said "do not cache this value"
        }

        RedisValue[] arguments;
        try
        {
            arguments = HashArguments(value, policy, mapper, observed, logical);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CacheLog.SerializeFailed(_logger, policy.Name, ex);
            return false;
        }

        try
        {
            return await _circuit.RunAsync(
                static s => HashFillScript.StoreAsync(s.Database, s.Key, s.Arguments), (Database, Key: (RedisKey)key, Arguments: arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            LogWriteFailed(key, policy.Telemetry, ex);
            return false;
        }
    }

    // The script's ARGV: the observed token, the expiry in ms, then '#h' and the header, then each non-null field.
    private RedisValue[] HashArguments<T>(T value, CachePolicy<T> policy, ICacheHashMapper<T> mapper, RedisValue observed, TimeSpan logical)
    {
        var names = mapper.Fields;
        var fields = new RedisValue[names.Length];
        var nullValue = value is null;
        if (!nullValue)
        {
            mapper.Write(value, fields);
        }

        var header = HashEntryHeader.Write(policy.SchemaHash, NowUnixMs + (long)logical.TotalMilliseconds, fields, names.Length, nullValue);
        var arguments = new List<RedisValue>(4 + (2 * names.Length)) { observed, (long)logical.TotalMilliseconds, HashEntryHeader.Field, header };
        for (var i = 0; i < names.Length; i++)
        {
            if (!fields[i].IsNull)
            {
                arguments.Add(names[i]);
                arguments.Add(fields[i]);
            }
        }

        return arguments.ToArray();
    }

    private static RedisValue[] HeaderAndFields<T>(ICacheHashMapper<T> mapper)
    {
        var names = mapper.Fields;
        var all = new RedisValue[names.Length + 1];
        all[0] = HashEntryHeader.Field;
        names.CopyTo(all, 1);
        return all;
    }

    private static byte[] Concat(byte first, ReadOnlySpan<byte> rest)
    {
        var bytes = new byte[rest.Length + 1];
        bytes[0] = first;
        rest.CopyTo(bytes.AsSpan(1));
        return bytes;
    }

    private static bool IsWrongType(RedisServerException ex) => ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal);

    // Tags need the entry and the tags' stamps read together, which the hash layout does not do; the generator
    // reports Layout = Hash with tags at compile time (CACHE032), so this only guards hand-written calls.
    private static void RequireUntagged<T>(string[]? tags, CachePolicy<T> policy)
    {
        if (tags is { Length: > 0 })
        {
            throw new NotSupportedException($"'{policy.Name}' stores values as hashes, which cannot carry tags.");
        }
    }

    // The synchronous, batch and warming paths read and write string entries only; the generator reports
    // Layout = Hash on a synchronous method at compile time (CACHE032) and never gives a batch a hash policy.
    private static void HashLayoutUnsupported<T>(CachePolicy<T> policy)
    {
        if (policy.HashMapper is not null)
        {
            throw new NotSupportedException($"'{policy.Name}' stores values as hashes, which only asynchronous single reads and writes support.");
        }
    }

    private void LogUnreadable(string key, CacheMethodTelemetry method, CacheEntryStatus status, Exception? error)
    {
        if (status is not (CacheEntryStatus.Hit or CacheEntryStatus.Missing or CacheEntryStatus.Expired or CacheEntryStatus.Invalidated or CacheEntryStatus.TagInvalidated))
        {
            _metrics.Error(method, CacheOperation.Read, status == CacheEntryStatus.SchemaMismatch ? "schema_mismatch" : "corrupt_entry");
            CacheLog.EntryUnreadable(_logger, key, method.Method, status, error);
        }
    }
}
