using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// <see cref="ICacheStore.InvalidatePatternAsync"/> on a single server (issue 4, item 7): SCAN and batched UNLINK,
/// never KEYS; only keys under the store's prefix that match the glob; the prefix matched literally. The class has
/// its own server, so its <c>INFO commandstats</c> counters and key space belong to these tests.
/// </summary>
public sealed class PatternInvalidationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private readonly ListLogger _log = new();

    private IDatabase Database => redis.Database;

    [Fact]
    public async Task DeletesTheMatchingKeysUnderThePrefix_AndNothingElse()
    {
        var app = UniqueApp();
        var store = StoreFor(app);
        string[] matching = [$"{app}:user:1", $"{app}:user:2", $"{app}:user:42:profile"];
        string[] untouched =
        [
            $"{app}:users2:1",        // "user:*" does not match "users2:..."
            $"{app}:product:1",
            $"{app}:xuser:1",
            $"{app}2:user:1",         // another application whose prefix starts with ours
            $"other-{app}:user:1",    // another application
            $"user:1-{app}",          // no prefix at all
        ];
        await SetAllAsync(matching.Concat(untouched));

        var deleted = await store.InvalidatePatternAsync("user:*");

        Assert.Equal(matching.Length, deleted);
        Assert.All(matching, key => Assert.False(Database.KeyExists(key), key));
        Assert.All(untouched, key => Assert.True(Database.KeyExists(key), key));
    }

    [Fact]
    public async Task NoMatchingKey_ReturnsZero()
    {
        var app = UniqueApp();
        await SetAllAsync([$"{app}:product:1"]);

        Assert.Equal(0, await StoreFor(app).InvalidatePatternAsync("user:*"));
        Assert.True(Database.KeyExists($"{app}:product:1"));
    }

    [Fact]
    public async Task APrefixWithGlobCharacters_IsMatchedLiterally()
    {
        // Unescaped, the prefix "app[1]" would be the glob "app1" and "app?" would match any one character.
        var id = Guid.NewGuid().ToString("N");
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = $"app[1]*?\\{id}" }, _log);
        string[] ours = [$"app[1]*?\\{id}:user:1", $"app[1]*?\\{id}:user:2"];
        string[] lookalikes = [$"app1*?\\{id}:user:1", $"app[1]XY\\{id}:user:1", $"app[1]*?{id}:user:1", $"app[1]*?\\\\{id}:user:1"];
        Assert.Equal($"app[1]*?\\{id}:", store.KeyPrefix);
        await SetAllAsync(ours.Concat(lookalikes));

        Assert.Equal(2, await store.InvalidatePatternAsync("user:*"));

        Assert.All(ours, key => Assert.False(Database.KeyExists(key), key));
        Assert.All(lookalikes, key => Assert.True(Database.KeyExists(key), key));
    }

    [Fact]
    public void Escape_LeavesNoGlobCharacter()
    {
        foreach (var value in new[] { "a*b", "a?b", "[ab]", "a\\b", "*", "?*[]\\", "ü*日本" })
        {
            var escaped = CacheKeyPattern.Escape(value);
            Assert.True(escaped.IndexOfAny(['*', '?', '[', ']', '\\']) < 0, $"Escape(\"{value}\") = \"{escaped}\"");
        }
    }

    [Fact]
    public async Task AnEscapedValue_MatchesTheKeyBuiltFromTheSameHoleValue_AndNoOther()
    {
        var app = UniqueApp();
        var store = StoreFor(app);
        var target = Keys.Around(store.KeyPrefix + "user:", "a*b", ":profile");
        string[] others =
        [
            Keys.Around(store.KeyPrefix + "user:", "aXb", ":profile"),
            Keys.Around(store.KeyPrefix + "user:", "a-long-b", ":profile"),
            Keys.Around(store.KeyPrefix + "user:", "a*bc", ":profile"),
            Keys.Around(store.KeyPrefix + "user:", "a", ":profile"),
        ];
        await SetAllAsync(others.Append(target));

        var deleted = await store.InvalidatePatternAsync("user:" + CacheKeyPattern.Escape("a*b") + ":*");

        Assert.Equal(1, deleted);
        Assert.False(Database.KeyExists(target));
        Assert.All(others, key => Assert.True(Database.KeyExists(key), key));
    }

    [Fact]
    public async Task TenThousandKeys_AreDeletedWithScanAndUnlink_NeverKeys()
    {
        var app = UniqueApp();
        var store = StoreFor(app);
        await SetAllAsync(Enumerable.Range(0, 10_000).Select(i => $"{app}:user:{i}").Append($"{app}:product:1"));
        var before = await CommandStats.ReadAsync(redis.Server.Port);

        var deleted = await store.InvalidatePatternAsync("user:*");

        var after = await CommandStats.ReadAsync(redis.Server.Port);
        var commands = CommandStats.Describe(before.Deltas(after));
        Assert.Equal(10_000, deleted);
        Assert.True(before.Delta(after, "keys") == 0, $"KEYS was used: {commands}");
        Assert.True(before.Delta(after, "scan") >= 1, $"SCAN was not used: {commands}");
        Assert.True(before.Delta(after, "unlink") >= 1, $"UNLINK was not used: {commands}");
        Assert.True(before.Delta(after, "del") == 0, $"DEL was used: {commands}");
        await foreach (var left in redis.Multiplexer.GetServer(redis.Server.Endpoint).KeysAsync(pattern: $"{app}:user:*"))
        {
            Assert.Fail($"'{left}' survived");
        }

        Assert.True(Database.KeyExists($"{app}:product:1"));
    }

    [Fact]
    public async Task InADatabaseOtherThanZero_DeletesThereOnly_EvenWhileOtherDatabasesAreBusy()
    {
        // The same key names in database 0 (another tenant) and 5 (the store's). The store scans database 5; its
        // deletes must go there too, even when other traffic on the same connection has selected database 0.
        var app = UniqueApp();
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = app, Database = 5 }, _log);
        var keys = Enumerable.Range(0, 3_000).Select(i => (RedisKey)$"{app}:user:{i}").ToArray();
        var db0 = redis.Multiplexer.GetDatabase(0);
        var db5 = redis.Multiplexer.GetDatabase(5);
        await Task.WhenAll(keys.Select(k => db0.StringSetAsync(k, "tenant 0")).Concat(keys.Select(k => db5.StringSetAsync(k, "store"))));

        using var stop = new CancellationTokenSource();
        var busy = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await db0.StringGetAsync(keys[0]);
            }
        });
        long deleted;
        try
        {
            deleted = await store.InvalidatePatternAsync("user:*");
        }
        finally
        {
            await stop.CancelAsync();
            await busy;
        }

        Assert.Equal(keys.Length, deleted);
        Assert.Equal(keys.Length, await db0.KeyExistsAsync(keys));
        Assert.Equal(0, await db5.KeyExistsAsync(keys));
    }

    [Fact]
    public async Task AnEmptyPattern_IsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await StoreFor(UniqueApp()).InvalidatePatternAsync(""));
    }

    private static string UniqueApp() => "app-" + Guid.NewGuid().ToString("N");

    private RedisCacheStore StoreFor(string app) => new(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = app }, _log);

    private async Task SetAllAsync(IEnumerable<string> keys)
    {
        var batch = Database.CreateBatch();
        var writes = keys.Select(k => batch.StringSetAsync(k, "v", TimeSpan.FromMinutes(10))).ToArray();
        batch.Execute();
        Assert.All(await Task.WhenAll(writes), Assert.True);
    }
}
