namespace Caching;

/// <summary>
/// The Lua of <see cref="RedisDistributedCache"/>. An entry is a hash {data, sliding (ms, 0 = none), absexp (Unix ms,
/// 0 = none)} whose TTL is the time it may still live: the sliding window, cut short by the absolute expiry. Reading
/// and re-arming the sliding TTL happen in one script, so a read never extends an entry that another client just
/// replaced or that has passed its absolute expiry. One key per call (cluster-safe); relative expiries are measured
/// on the Redis clock (TIME), so instances whose clocks disagree store the same TTL.
/// </summary>
internal static class DistributedCacheScripts
{
    // KEYS[1] the entry; ARGV[1] the data; ARGV[2] sliding ms; ARGV[3] absolute expiry in Unix ms; ARGV[4] expiry
    // relative to now in ms (wins over ARGV[3], as in MemoryDistributedCache); 0 means "not set" for each.
    // Returns 1 when stored, 0 when the absolute expiry had already passed on the Redis clock (nothing is left).
    // The first write is a SET (replaced at once): Redis refuses only a script's first write when over maxmemory, and
    // DEL is never refused, so with DEL first a Set went on writing past maxmemory under noeviction (see HashFillScript).
    public const string Set = """
        if redis.replicate_commands then redis.replicate_commands() end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local sliding = tonumber(ARGV[2])
        local absolute = tonumber(ARGV[3])
        if tonumber(ARGV[4]) > 0 then absolute = now + tonumber(ARGV[4]) end
        local ttl = -1
        if absolute > 0 then ttl = absolute - now end
        if sliding > 0 and (ttl < 0 or sliding < ttl) then ttl = sliding end
        if absolute > 0 and ttl <= 0 then
          redis.call('DEL', KEYS[1])
          return 0
        end
        redis.call('SET', KEYS[1], '')
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'sliding', sliding, 'absexp', absolute)
        if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
        return 1
        """;

    // KEYS[1] the entry; ARGV[1] '1' to return the data, '0' to refresh only. Re-arms a sliding entry's TTL (never past
    // its absolute expiry). Returns the data (or 1 when refreshing only), or nil when there is no entry.
    public const string GetAndRefresh = """
        if redis.replicate_commands then redis.replicate_commands() end
        local f = redis.call('HMGET', KEYS[1], 'data', 'sliding', 'absexp')
        if not f[1] then return false end
        local sliding = tonumber(f[2]) or 0
        if sliding > 0 then
          local ttl = sliding
          local absolute = tonumber(f[3]) or 0
          if absolute > 0 then
            local t = redis.call('TIME')
            local left = absolute - (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
            if left < ttl then ttl = left end
          end
          if ttl <= 0 then
            redis.call('DEL', KEYS[1])
            return false
          end
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        if ARGV[1] == '1' then return f[1] end
        return 1
        """;
}
