using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>A lock with a token and an expiry, released only by its holder.</summary>
public sealed class DistributedLocks(IConnectionMultiplexer redis)
{
    // Parameters of a prepared script that are keys are RedisKey members, so they are sent as KEYS.
    private static readonly LuaScript ExtendIfHeld = LuaScript.Prepare("""
        if redis.call('GET', @key) == @token then
            return redis.call('PEXPIRE', @key, @milliseconds)
        end
        return 0
        """);

    private IDatabase Db => redis.GetDatabase();

    public async Task<string?> TryTakeAsync(string resource, TimeSpan lease)
    {
        var token = Guid.NewGuid().ToString("N");
        return await Db.LockTakeAsync(Key(resource), token, lease) ? token : null;
    }

    public async Task<bool> ExtendAsync(string resource, string token, TimeSpan lease)
    {
        var result = await ExtendIfHeld.EvaluateAsync(Db, new { key = Key(resource), token = (RedisValue)token, milliseconds = (long)lease.TotalMilliseconds });
        return (long)result == 1;
    }

    public async Task<bool> ReleaseAsync(string resource, string token) => await Db.LockReleaseAsync(Key(resource), token);

    private static RedisKey Key(string resource) => "lock:" + resource;
}
