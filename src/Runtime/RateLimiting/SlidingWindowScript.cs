namespace Caching;

/// <summary>
/// The Lua of <see cref="RedisSlidingWindowRateLimiter"/>: an exact sliding window kept as a sorted set with one member
/// per granted permit, scored by the Redis time (µs) it was granted. One key per call, so it is safe on Redis Cluster;
/// StackExchange.Redis sends it by EVALSHA once the server has it, and by EVAL after a NOSCRIPT.
/// </summary>
internal static class SlidingWindowScript
{
    // KEYS[1] the window; ARGV[1] the window in µs; ARGV[2] the permit limit; ARGV[3] the permits asked (0 = a probe);
    // ARGV[4] a member prefix unique to this call; ARGV[5] the window in ms (the key's TTL).
    // Returns {1 granted / 0 rejected, permits in use after the call, µs until the asked permits free up (0 if granted)}.
    //
    // The clock is Redis's own (TIME), so instances whose clocks disagree still share one window. Permits granted
    // more than a window ago are not counted, and a grant trims them; a grant re-arms the TTL to one window, after
    // which every member is stale anyway, so an idle client leaves nothing behind. A rejection writes nothing.
    // A grant's first write is the ZADD: Redis refuses a script's first write that may grow memory when maxmemory
    // is reached (noeviction), but not the writes after one, so trimming first would let the ZADD through and grow
    // the set past the limit; this way the call fails and the limiter's failure mode applies. replicate_commands
    // makes a write after TIME legal on Redis 3.2-4 (effects replication is the only mode from Redis 5 on).
    public const string Acquire = """
        if redis.replicate_commands then redis.replicate_commands() end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local permits = tonumber(ARGV[3])
        local live = '(' .. (now - window)
        local used = redis.call('ZCOUNT', KEYS[1], live, '+inf')
        if used + permits <= limit and (permits > 0 or used < limit) then
          if permits > 0 then
            local args = {}
            for i = 1, permits do
              args[#args + 1] = now
              args[#args + 1] = ARGV[4] .. i
              if #args >= 1000 then
                redis.call('ZADD', KEYS[1], unpack(args))
                args = {}
              end
            end
            if #args > 0 then
              redis.call('ZADD', KEYS[1], unpack(args))
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
          end
          return {1, used + permits, 0}
        end
        local asked = permits
        if asked < 1 then asked = 1 end
        local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], live, '+inf', 'WITHSCORES', 'LIMIT', used + asked - limit - 1, 1)
        return {0, used, tonumber(oldest[2]) + window - now}
        """;
}
