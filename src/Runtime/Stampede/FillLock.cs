using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The Redis lock of a distributed fill: <c>&lt;entry key&gt;#fill</c> holding a random token, taken with
/// <c>SET NX PX</c> and released by a script that deletes it only while it still holds the taker's token, so a holder
/// whose lock expired never deletes the lock another process took after it. One key per command, so it is safe on
/// Redis Cluster (the lock shares the entry's slot only when the key has a hash tag; nothing needs it to).
/// </summary>
internal static class FillLock
{
    /// <summary>
    /// Entry keys end in '#' and eight hex digits, or in a hash ('#h' and 32 hex digits) and perhaps a '}' hash tag;
    /// tag stamps end in "#tag". So no key the library writes ends in "#fill".
    /// </summary>
    public const string Suffix = "#fill";

    // KEYS[1] the lock; ARGV[1] the holder's token. Returns 1 when deleted, 0 when the lock was gone or another's.
    public const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>The lock's key for the entry <paramref name="key"/>.</summary>
    public static RedisKey Key(string key) => string.Concat(key, Suffix);

    /// <summary>A token no other fill will use: 122 random bits, as 32 hex digits (readable in <c>redis-cli</c>).</summary>
    public static RedisValue NewToken() => Guid.NewGuid().ToString("N");

    /// <summary>Takes the lock if nobody holds it; true when this caller now holds it.</summary>
    public static Task<bool> TakeAsync(IDatabase database, RedisKey lockKey, RedisValue token, TimeSpan ttl)
        => database.StringSetAsync(lockKey, token, ttl, When.NotExists);

    /// <summary>Releases the lock if it still holds <paramref name="token"/>; true when it did.</summary>
    public static async Task<bool> ReleaseAsync(IDatabase database, RedisKey lockKey, RedisValue token)
        => (long)await database.ScriptEvaluateAsync(ReleaseScript, [lockKey], [token]).ConfigureAwait(false) == 1;
}
