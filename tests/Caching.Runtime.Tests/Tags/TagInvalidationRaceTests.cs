using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Tags;

/// <summary>
/// The race tags must close: a fill reads the database (the core), the data changes and the tag is invalidated,
/// then the fill stores what it read. The core is held by a gate while the invalidation runs, so the interleaving
/// is forced, not hoped for. The fill's caller gets its value; nobody after it may.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class TagInvalidationRaceTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly RedisCacheStore _store = new(redis.Multiplexer, new RedisCacheStoreOptions { KeyPrefix = "tagrace-" + Guid.NewGuid().ToString("N") });

    [Theory]
    [InlineData(false)] // the tag has no stamp yet: the invalidation creates the first one
    [InlineData(true)] // the tag already has a stamp: the invalidation replaces it
    public async Task FillAcrossAnInvalidation_IsReturned_ButTheStaleValueIsNotServedAfter(bool invalidatedBefore)
    {
        var key = _store.UniqueKey("race");
        if (invalidatedBefore)
        {
            await _store.InvalidateTagAsync("prices");
        }

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fill = _store.GetOrCreateAsync(key, ["prices"], Policies.String(), (entered, release), static async (gate, ct) =>
        {
            gate.entered.TrySetResult();
            await gate.release.Task.WaitAsync(ct);
            return "old price"; // what the database said before the write below
        }).AsTask();

        await entered.Task.WaitAsync(Patience);
        Assert.True(await _store.InvalidateTagAsync("prices")); // the write's invalidation, while the fill is in its core
        release.SetResult();

        Assert.Equal("old price", await fill.WaitAsync(Patience));
        Assert.True(await redis.Database.KeyExistsAsync(key)); // the fill was stored: only its digest makes it stale
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["prices"], Policies.String())).Status);
        var next = await _store.GetOrCreateAsync(key, ["prices"], Policies.String(), 0, static (_, _) => ValueTask.FromResult("new price"));
        Assert.Equal("new price", next);
        Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key, ["prices"], Policies.String())).Status);
    }

    [Fact]
    public async Task SyncFillAcrossAnInvalidation_IsNotServedAfter()
    {
        var key = _store.UniqueKey("race-sync");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var fill = Task.Run(() => _store.GetOrCreate(key, ["prices"], Policies.String(), (entered, release), static gate =>
        {
            gate.entered.TrySetResult();
            return gate.release.Wait(Patience) ? "old price" : throw new TimeoutException("The test never released the core.");
        }));

        await entered.Task.WaitAsync(Patience);
        await _store.InvalidateTagAsync("prices");
        release.Set();

        Assert.Equal("old price", await fill.WaitAsync(Patience));
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(key, ["prices"], Policies.String())).Status);
    }

    [Fact]
    public async Task WarmAcrossAnInvalidation_IsNotServedAfter()
    {
        var prefix = _store.UniqueKey("race-warm") + ":";
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var warm = _store.WarmAsync(Enumerable.Range(0, 3), id => prefix + id, static _ => ["prices"], Policies.String(), (entered, release), static async (gate, id, ct) =>
        {
            gate.entered.TrySetResult();
            await gate.release.Task.WaitAsync(ct);
            return "old price " + id;
        }).AsTask();

        await entered.Task.WaitAsync(Patience);
        await _store.InvalidateTagAsync("prices");
        release.SetResult();

        Assert.Equal(3, await warm.WaitAsync(Patience));
        foreach (var id in Enumerable.Range(0, 3))
        {
            Assert.Equal(CacheEntryStatus.TagInvalidated, (await _store.TryGetAsync(prefix + id, ["prices"], Policies.String())).Status);
        }
    }

    [Fact]
    public async Task FillThatStartsAfterTheInvalidation_IsServed()
    {
        // The control for the tests above: without an invalidation during the core, the same fill is a hit after.
        var key = _store.UniqueKey("no-race");
        await _store.InvalidateTagAsync("prices");
        await _store.GetOrCreateAsync(key, ["prices"], Policies.String(), 0, static (_, _) => ValueTask.FromResult("price"));

        Assert.Equal(CacheEntryStatus.Hit, (await _store.TryGetAsync(key, ["prices"], Policies.String())).Status);
    }
}
