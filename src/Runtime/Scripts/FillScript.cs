using System;
using System.Security.Cryptography;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The compare-and-set that stores a fill: the value is written only if the key still holds exactly what the miss
/// observed (nothing, or the same expired, unreadable or invalidation-marker bytes, compared by SHA-1). A
/// write-through, a write-behind or an invalidation in between changed the key, so the older value is dropped.
/// One key per call, so it is safe on Redis Cluster. StackExchange.Redis sends it by EVALSHA once the server has
/// it and falls back to EVAL after a NOSCRIPT (a restart or SCRIPT FLUSH).
/// </summary>
internal static class FillScript
{
    // KEYS[1] the entry; ARGV[1] SHA-1 hex of the observed bytes, or "" when the key was missing;
    // ARGV[2] the entry bytes; ARGV[3] the expiry in milliseconds. Returns 1 when stored, 0 when dropped.
    // A key of another type (a hash, list or set another application left; GET fails on it with WRONGTYPE, hence
    // pcall) is replaced whatever the read observed: our entries and invalidation markers are always strings, so it
    // cannot be a write this fill must not overwrite, and an MGET (tagged reads, batches) reads such a key as nil.
    // ARGV[1] is "t" when the read itself got WRONGTYPE: then a string or no key now means the key changed since.
    public const string Text = """
        local current = redis.pcall('GET', KEYS[1])
        if type(current) == 'table' then
          -- not a string: not ours, replace it
        elseif current then
          if redis.sha1hex(current) ~= ARGV[1] then return 0 end
        elseif ARGV[1] ~= '' then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    /// <summary>
    /// Stores a fill: when the miss saw no key, a plain <c>SET … PX … NX</c> is the same compare-and-set (anything
    /// written since, a value or an invalidation's marker, makes the key exist) and costs no script; otherwise the
    /// script. True when stored.
    /// </summary>
    public static Task<bool> StoreAsync(IDatabase database, RedisKey key, RedisValue observed, RedisValue entry, TimeSpan expiry)
        => observed.IsNull
            ? StoreColdAsync(database, key, entry, expiry)
            : StoreByScriptAsync(database, key, observed, entry, expiry);

    /// <summary>The synchronous <see cref="StoreAsync"/>.</summary>
    public static bool Store(IDatabase database, RedisKey key, RedisValue observed, RedisValue entry, TimeSpan expiry)
    {
        if (observed.IsNull)
        {
            // See StoreColdAsync.
            return database.StringSet(key, entry, expiry, When.NotExists)
                || (long)database.ScriptEvaluate(Text, [key], [Observed(OtherType), entry, (long)expiry.TotalMilliseconds]) == 1;
        }

        return (long)database.ScriptEvaluate(Text, [key], [Observed(observed), entry, (long)expiry.TotalMilliseconds]) == 1;
    }

    /// <summary>
    /// What a read observed when the key held another type than a string (a hash, list or set another application
    /// left there): GET failed with WRONGTYPE. The script then stores only if the key still holds a non-string.
    /// Compared by reference to these bytes; a real string equal to them could only make a fill drop its value.
    /// </summary>
    public static readonly RedisValue OtherType = "\0caching:observed-another-type\0";

    // SET NX refused: the key exists. Usually a write or an invalidation's marker landed since the read, and the fill
    // must drop its value. But a tagged read's MGET returns nil for a key of another type (a list or hash another
    // application left under our key), which SET NX would then never replace: the entry would stay a miss forever
    // (found by Resilience.Tests/Entries). The script stores only in that case. A refused SET NX is rare (a race, or
    // such a key), so the common cold fill still costs one command.
    private static async Task<bool> StoreColdAsync(IDatabase database, RedisKey key, RedisValue entry, TimeSpan expiry)
        => await database.StringSetAsync(key, entry, expiry, When.NotExists).ConfigureAwait(false)
            || await StoreByScriptAsync(database, key, OtherType, entry, expiry).ConfigureAwait(false);

    private static async Task<bool> StoreByScriptAsync(IDatabase database, RedisKey key, RedisValue observed, RedisValue entry, TimeSpan expiry)
        => (long)await database.ScriptEvaluateAsync(Text, [key], [Observed(observed), entry, (long)expiry.TotalMilliseconds]).ConfigureAwait(false) == 1;

    /// <summary>The script's ARGV[1] for what the miss observed.</summary>
    public static RedisValue Observed(RedisValue observed)
    {
        if (observed.IsNull)
        {
            return RedisValue.EmptyString;
        }

        if (observed == OtherType)
        {
            return "t";
        }

        // Lower case, as Redis's sha1hex writes it; on a miss path, so one string rather than two.
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(((ReadOnlyMemory<byte>)observed).Span, hash);
#if NET9_0_OR_GREATER
        return Convert.ToHexStringLower(hash);
#else
        return Convert.ToHexString(hash).ToLowerInvariant();
#endif
    }
}
