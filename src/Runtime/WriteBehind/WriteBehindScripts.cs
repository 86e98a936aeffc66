namespace Caching;

/// <summary>
/// The Lua scripts of the write-behind queue. Each touches only the stream's key, so each is safe on a cluster, and
/// each does in one atomic step what would be unsafe as separate commands with other workers in between.
/// </summary>
internal static class WriteBehindScripts
{
    // KEYS[1] the stream; ARGV[1] the group; ARGV[2] the id. Acknowledges and deletes in one step: the call leaves
    // the pending list and the stream together, so the stream does not grow with finished calls.
    public const string Complete = """
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        return redis.call('XDEL', KEYS[1], ARGV[2])
        """;

    // KEYS[1] the stream; ARGV[1] the group; ARGV[2] the consumer; ARGV[3] the first id; ARGV[4] the most ids.
    // Returns the ids, from ARGV[3] on, still pending for the consumer, and restarts their idle time. XCLAIM with
    // JUSTID does that without raising their delivery counts, which re-reading them (XREADGROUP) would: renewing a
    // slow batch must not count towards MaxDeliveries. In one script, so no other worker claims one in between.
    public const string Renew = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], '+', ARGV[4], ARGV[2])
        local ids = {}
        for i, call in ipairs(pending) do
          ids[i] = call[1]
          redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, call[1], 'JUSTID')
        end
        return ids
        """;

    // KEYS[1] the stream; ARGV[1] the group; ARGV[2] the calling consumer, always kept; ARGV[3] the least idle time
    // in milliseconds. Deletes the consumers that hold no pending call and were idle at least that long, and returns
    // their names. In one script: a consumer deleted while holding calls would take them out of the pending list,
    // where no worker could claim them, so none may receive a call between the check and the deletion.
    public const string DeleteIdleConsumers = """
        local deleted = {}
        local minIdle = tonumber(ARGV[3])
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local info = {}
          for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
          if info['name'] ~= ARGV[2] and info['pending'] == 0 and info['idle'] >= minIdle then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
            deleted[#deleted + 1] = info['name']
          end
        end
        return deleted
        """;
}
