using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// Fills are stored by a Lua script that the client sends by its SHA-1 once the server has it. A server that lost
/// its scripts (<c>SCRIPT FLUSH</c>, a restart) answers NOSCRIPT; fills must keep being stored all the same. The
/// flush goes over a separate connection, so the multiplexer still believes the server has the script. Each test
/// has its own server because it flushes or restarts it.
/// </summary>
public sealed class FillScriptRecoveryTests : IAsyncLifetime
{
    private readonly ListLogger _log = new();
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;

    private RedisServer Server => _server!;

    private ConnectionMultiplexer Multiplexer => _multiplexer!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var options = _server.CreateOptions();
        options.ReconnectRetryPolicy = new LinearRetry(100);
        _multiplexer = await _server.ConnectAsync(options);
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
    public async Task AsyncFill_AfterScriptFlush_IsStillStored()
    {
        var store = new RedisCacheStore(Multiplexer, logger: _log);
        await AssertFillIsStoredAsync(store, "before-flush");
        Assert.True(await ScriptIsLoadedAsync());

        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, TimeSpan.FromSeconds(5), "SCRIPT", "FLUSH"));
        Assert.False(await ScriptIsLoadedAsync());

        await AssertFillIsStoredAsync(store, "after-flush");
        await AssertFillIsStoredAsync(store, "after-flush-again");
        Assert.True(await ScriptIsLoadedAsync());
    }

    [Fact]
    public async Task SyncFill_AfterScriptFlush_IsStillStored()
    {
        var store = new RedisCacheStore(Multiplexer, logger: _log);
        AssertSyncFillIsStored(store, "before-flush-sync");

        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, TimeSpan.FromSeconds(5), "SCRIPT", "FLUSH"));

        AssertSyncFillIsStored(store, "after-flush-sync");
        AssertSyncFillIsStored(store, "after-flush-sync-again");
    }

    [Fact]
    public async Task BatchFill_AfterScriptFlush_IsStillStored()
    {
        var store = new RedisCacheStore(Multiplexer, logger: _log);
        await AssertFillIsStoredAsync(store, "before-flush-batch");
        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, TimeSpan.FromSeconds(5), "SCRIPT", "FLUSH"));

        await AssertBatchIsStoredAsync(store, "batch-after-flush");
    }

    [Fact]
    public async Task Fill_AfterTheServerRestarted_IsStillStored()
    {
        var store = new RedisCacheStore(Multiplexer, logger: _log);
        await AssertFillIsStoredAsync(store, "before-restart");
        AssertSyncFillIsStored(store, "before-restart-sync");

        await Server.StopAsync();
        await Server.StartAgainAsync();
        await WaitUntilReconnectedAsync();
        Assert.False(await ScriptIsLoadedAsync());

        await AssertFillIsStoredAsync(store, "after-restart");
        AssertSyncFillIsStored(store, "after-restart-sync");
    }

    [Fact]
    public async Task BatchFill_AfterTheServerRestarted_IsStillStored()
    {
        var store = new RedisCacheStore(Multiplexer, logger: _log);
        await AssertFillIsStoredAsync(store, "before-restart-batch");

        await Server.StopAsync();
        await Server.StartAgainAsync();
        await WaitUntilReconnectedAsync();

        await AssertBatchIsStoredAsync(store, "batch-after-restart");
    }

    private async Task AssertFillIsStoredAsync(RedisCacheStore store, string purpose)
    {
        var key = Policies.UniqueKey(purpose);
        var factory = new CountingFactory<int>(7);
        // An invalidation's marker under the key: the fill then needs the compare-and-set script (a fill of a
        // missing key is a plain SET NX).
        Assert.True(await store.InvalidateAsync(key));

        Assert.Equal(7, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));
        Assert.Equal(7, await store.GetOrCreateCountedAsync(key, Policies.Int(), factory));

        Assert.True(factory.Calls == 1, $"'{purpose}': the fill was not stored ({factory.Calls} core calls). Log:\n{_log}");
    }

    private async Task AssertBatchIsStoredAsync(RedisCacheStore store, string purpose)
    {
        var prefix = Policies.UniqueKey(purpose) + ":";

        var values = await store.GetOrCreateManyAsync([1, 2, 3], id => prefix + id, null, Policies.Int(), 0,
            static (_, misses, _) => ValueTask.FromResult<IReadOnlyDictionary<int, int>>(misses.ToDictionary(id => id, id => id)));

        Assert.Equal(3, values.Count);
        foreach (var id in new[] { 1, 2, 3 })
        {
            Assert.True((await store.TryGetAsync(prefix + id, Policies.Int())).IsHit, $"'{purpose}': batch entry {id} was not stored. Log:\n{_log}");
        }
    }

    private void AssertSyncFillIsStored(RedisCacheStore store, string purpose)
    {
        var key = Policies.UniqueKey(purpose);
        var factory = new CountingFactory<int>(8);
        // A foreign value under the key: the fill then needs the compare-and-set script.
        Multiplexer.GetDatabase().StringSet(key, "foreign");

        Assert.Equal(8, store.GetOrCreateCounted(key, Policies.Int(), factory));
        Assert.Equal(8, store.GetOrCreateCounted(key, Policies.Int(), factory));

        Assert.True(factory.Calls == 1, $"'{purpose}': the fill was not stored ({factory.Calls} core calls). Log:\n{_log}");
    }

    private Task<bool> ScriptIsLoadedAsync() => Multiplexer.GetServer(Server.Endpoint).ScriptExistsAsync(FillScript.Text);

    private async Task WaitUntilReconnectedAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await Multiplexer.GetDatabase().PingAsync();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }
}
