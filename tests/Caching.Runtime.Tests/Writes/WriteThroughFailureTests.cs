using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// When Redis refuses a write-through's SET, no older value may keep being served (issue 4, item 1): the key is
/// invalidated, or deleted when Redis refuses that write too (out of memory refuses every SET but still allows
/// DEL), or, when nothing works, an error says the old entry may be served until the invalidation is replayed (or it expires). The caller is never
/// thrown at. Redis is made to refuse writes with <c>maxmemory 1</c> and <c>noeviction</c>, so each test has its
/// own server.
/// </summary>
public sealed class WriteThroughFailureTests : IAsyncLifetime
{
    private const string Old = "old";
    private const string New = "new";
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(5);

    private readonly ListLogger _log = new();
    private readonly CachePolicy<string> _policy = Policies.String();
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    private RedisServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _multiplexer = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task SetAsync_WhenRedisRefusesTheSet_ReturnsFalse_AndTheOldValueIsNoLongerServed()
    {
        var store = new RedisCacheStore(_multiplexer!, logger: _log);
        var key = Policies.UniqueKey("refused-set");
        Assert.True(await store.SetAsync(key, Old, _policy));
        await RefuseWritesAsync();

        var stored = await store.SetAsync(key, New, _policy);

        Assert.False(stored);
        var lookup = await store.TryGetAsync(key, _policy);
        Assert.False(lookup.IsHit, $"still served '{lookup.Value}' after the write-through failed. Log:\n{_log}");
        Assert.False(await _multiplexer!.GetDatabase().KeyExistsAsync(key));
        Assert.Contains("WriteFailed", _log.EventNames);
        Assert.DoesNotContain("InvalidateFailed", _log.EventNames);
    }

    [Fact]
    public async Task InvalidateAsync_WhenRedisRefusesTheMarker_DeletesTheEntry()
    {
        var store = new RedisCacheStore(_multiplexer!, logger: _log);
        var key = Policies.UniqueKey("refused-marker");
        Assert.True(await store.SetAsync(key, Old, _policy));
        await RefuseWritesAsync();

        Assert.True(await store.InvalidateAsync(key));

        Assert.Equal(CacheEntryStatus.Missing, (await store.TryGetAsync(key, _policy)).Status);
    }

    [Fact]
    public async Task SetAsync_WhenRedisRefusesTheSetAndTheInvalidation_LogsThatTheOldEntryMayBeServed_AndDoesNotThrow()
    {
        // A user that may write but not delete, so that with writes refused nothing can remove the old entry.
        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, Probe, "ACL", "SETUSER", "no-delete", "on", ">secret", "~*", "&*", "+@all", "-del", "-unlink"));
        var options = Server.CreateOptions();
        options.User = "no-delete";
        options.Password = "secret";
        await using var restricted = await Server.ConnectAsync(options);
        var store = new RedisCacheStore(restricted, logger: _log);
        var key = Policies.UniqueKey("refused-everything");
        Assert.True(await store.SetAsync(key, Old, _policy));
        await RefuseWritesAsync();

        var stored = await store.SetAsync(key, New, _policy);

        Assert.False(stored);
        Assert.Contains("WriteFailed", _log.EventNames);
        Assert.Contains("InvalidateFailed", _log.EventNames);
        Assert.Contains($"Invalidating '{key}' in Redis failed; its entry may be served until the invalidation is replayed (or it expires)", _log.ToString());
        // What the error warns about: the old entry is still there.
        Assert.Equal(Old, (await store.TryGetAsync(key, _policy)).Value);
    }

    [Fact]
    public async Task SetAsync_WhenRedisAcceptsWritesAgain_StoresTheValue()
    {
        var store = new RedisCacheStore(_multiplexer!, logger: _log);
        var key = Policies.UniqueKey("accepted-again");
        await RefuseWritesAsync();
        Assert.False(await store.SetAsync(key, Old, _policy));

        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, Probe, "CONFIG", "SET", "maxmemory", "0"));

        Assert.True(await store.SetAsync(key, New, _policy));
        Assert.Equal(New, (await store.TryGetAsync(key, _policy)).Value);
    }

    // Every write that may allocate is refused with OOM; reads and deletes still work.
    private async Task RefuseWritesAsync()
    {
        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, Probe, "CONFIG", "SET", "maxmemory-policy", "noeviction"));
        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, Probe, "CONFIG", "SET", "maxmemory", "1"));
        var refused = await Assert.ThrowsAsync<RedisServerException>(() => _multiplexer!.GetDatabase().StringSetAsync(Policies.UniqueKey("probe"), "x"));
        Assert.StartsWith("OOM", refused.Message);
    }
}
