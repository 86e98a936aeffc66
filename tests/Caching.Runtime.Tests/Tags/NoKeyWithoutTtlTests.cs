using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Tags;

/// <summary>
/// On a server of its own (so every key on it is ours), every way of writing tagged entries and every kind of
/// invalidation leaves only keys that expire: no bookkeeping grows without bound.
/// </summary>
public sealed class NoKeyWithoutTtlTests : IAsyncLifetime
{
    private RedisServer? _server;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AfterFillsWritesAndInvalidations_EveryKeyOnTheServerHasATtl()
    {
        await using var multiplexer = await _server!.ConnectAsync();
        var store = new RedisCacheStore(multiplexer, new RedisCacheStoreOptions { KeyPrefix = "app" });
        var policy = Policies.Int();
        var ids = Enumerable.Range(0, 50).ToArray();
        static string[] TagsOf(int id) => ["all", "group:" + (id % 5)];

        foreach (var id in ids.Take(10))
        {
            await store.GetOrCreateAsync("app:one:" + id, TagsOf(id), policy, id, static (v, _) => ValueTask.FromResult(v));
        }

        await store.GetOrCreateManyAsync(ids, static id => "app:many:" + id, TagsOf, policy, 0, static (_, misses, _) =>
            ValueTask.FromResult<IReadOnlyDictionary<int, int>>(misses.ToDictionary(id => id, id => id)));
        await store.WarmAsync(ids, static id => "app:warm:" + id, TagsOf, policy, 0, static (_, id, _) => ValueTask.FromResult(id));
        await store.SetAsync("app:set:1", ["all", "never-read"], 1, policy);
        store.GetOrCreate("app:sync:1", ["all"], policy, 1, static v => v);
        await store.InvalidateTagAsync("group:3");
        await store.InvalidateTagAsync("never-attached");
        await store.InvalidateTagAsync("all");
        await store.InvalidateAsync("app:one:1");
        await store.InvalidateAsync("app:never-written");

        var server = multiplexer.GetServer(_server.Endpoint);
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pageSize: 100))
        {
            keys.Add(key);
        }

        // 112 entries, the marker of the never-written key, and a stamp for each tag invalidated (read-only tags have none).
        Assert.True(keys.Count >= 116, $"Only {keys.Count} keys: the scenario did not write what it should.");
        Assert.Equal(
            ["app:tag:all#tag", "app:tag:group:3#tag", "app:tag:never-attached#tag"],
            keys.Select(k => k.ToString()).Where(k => k.EndsWith("#tag", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var withoutTtl = new List<string>();
        foreach (var key in keys)
        {
            // -1: no expiry. (-2, gone since the scan, is fine.)
            if ((long)await multiplexer.GetDatabase().ExecuteAsync("PTTL", key) == -1)
            {
                withoutTtl.Add(key!);
            }
        }

        Assert.Empty(withoutTtl);
    }
}
