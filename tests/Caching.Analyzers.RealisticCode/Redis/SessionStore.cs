using System;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>Web sessions: a string per session, always written with its expiry, sliding on every read.</summary>
public sealed class SessionStore(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(20);

    private IDatabase Db => redis.GetDatabase();

    public async Task<string> CreateAsync(string payload)
    {
        var sessionId = Guid.NewGuid().ToString("N");
        await Db.StringSetAsync(Key(sessionId), payload, SessionLifetime, When.NotExists);
        return sessionId;
    }

    /// <summary>Reads the session and pushes its expiry back, in one command (GETEX).</summary>
    public async Task<string?> TouchAsync(string sessionId)
    {
        var value = await Db.StringGetSetExpiryAsync(Key(sessionId), SessionLifetime);
        return value.IsNull ? null : value.ToString();
    }

    public async Task<bool> ReplaceAsync(string sessionId, string payload)
        => await Db.StringSetAsync(Key(sessionId), payload, expiry: SessionLifetime, when: When.Exists);

    public async Task<TimeSpan?> TimeLeftAsync(string sessionId) => await Db.KeyTimeToLiveAsync(Key(sessionId));

    public async Task<bool> EndAsync(string sessionId) => await Db.KeyDeleteAsync(Key(sessionId));

    private static RedisKey Key(string sessionId) => "session:" + sessionId;
}
