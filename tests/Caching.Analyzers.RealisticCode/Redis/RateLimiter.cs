using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>A fixed-window rate limiter: one Lua script, so the count and its expiry are set atomically.</summary>
public sealed class RateLimiter(IConnectionMultiplexer redis)
{
    // Every key the script touches comes in through KEYS; values through ARGV.
    private const string IncrementWithinWindow = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return count
        """;

    public async Task<bool> TryAcquireAsync(string client, int limit, TimeSpan window)
    {
        var key = (RedisKey)("ratelimit:" + client);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            IncrementWithinWindow,
            new[] { key },
            new RedisValue[] { (long)window.TotalMilliseconds });
        return (long)result <= limit;
    }
}
