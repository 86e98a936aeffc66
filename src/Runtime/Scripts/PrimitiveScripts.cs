namespace Caching;

/// <summary>
/// The Lua of <see cref="RedisCacheStore.IncrementAsync"/> and <see cref="RedisCacheStore.SetIfNewerAsync"/>. Each
/// touches one key, passed in KEYS, so each is safe on Redis Cluster. StackExchange.Redis sends them by EVALSHA once
/// the server has them, and falls back to EVAL after a NOSCRIPT (a restart or SCRIPT FLUSH).
/// </summary>
internal static class PrimitiveScripts
{
    // KEYS[1] the counter; ARGV[1] the increment; ARGV[2] the TTL in ms. The TTL is set when the counter is created
    // (or has lost its TTL), not on every increment: a window that starts with its first count.
    public const string Increment = """
        local value = redis.call('INCRBY', KEYS[1], ARGV[1])
        if redis.call('PTTL', KEYS[1]) < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return value
        """;

    // KEYS[1] a hash {v = version, d = value}; ARGV[1] the version; ARGV[2] the value; ARGV[3] the TTL in ms.
    // Returns 1 when stored, 0 when the stored version is the same or newer.
    public const string SetIfNewer = """
        local current = tonumber(redis.call('HGET', KEYS[1], 'v'))
        if current and current >= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;
}
