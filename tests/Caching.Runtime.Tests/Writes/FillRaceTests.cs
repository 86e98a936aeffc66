using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// The classic stale-cache race (issue 4, item 3), forced with gates: a fill misses and reads the database (its core
/// returns OLD), a write-through stores NEW or an invalidation runs, and only then does the fill try to store OLD.
/// The fill's caller still gets OLD (that is what it read), but the cache must afterwards hold NEW or nothing,
/// never OLD. Each race has a control where nothing happens in between and the gated fill is stored, so the gates
/// themselves are not what keeps OLD out.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class FillRaceTests(RedisServerFixture redis)
{
    private const string Old = "old (read before the write)";
    private const string New = "new (written through)";

    private readonly RedisCacheStore _store = new(redis.Multiplexer);
    private readonly CachePolicy<string> _policy = Policies.String();

    [Fact]
    public async Task GatedFill_WithNothingInBetween_IsStored()
    {
        var key = Policies.UniqueKey("race-control");
        var core = new GatedFactory<string>(Old);

        var fill = StartFill(_store, key, core);
        await core.Entered;
        core.Release();

        Assert.Equal(Old, await fill);
        AssertHit(Old, await _store.TryGetAsync(key, _policy));
    }

    [Fact]
    public async Task FillThatReadOld_FinishingAfterAWriteThroughOfNew_LeavesNew()
    {
        var key = Policies.UniqueKey("race-write");
        var core = new GatedFactory<string>(Old);

        var fill = StartFill(_store, key, core);
        await core.Entered;
        Assert.True(await _store.SetAsync(key, New, _policy));
        core.Release();

        Assert.Equal(Old, await fill); // the caller gets what its core read
        AssertHit(New, await _store.TryGetAsync(key, _policy));
        AssertHit(New, await _store.TryGetAsync(key, _policy)); // and it stays so
    }

    [Fact]
    public async Task FillThatReadOld_FinishingAfterAnInvalidation_StoresNothing()
    {
        var key = Policies.UniqueKey("race-invalidate");
        var core = new GatedFactory<string>(Old);

        var fill = StartFill(_store, key, core);
        await core.Entered;
        Assert.True(await _store.InvalidateAsync(key));
        core.Release();

        Assert.Equal(Old, await fill);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, _policy)).Status);
    }

    [Fact]
    public async Task FillThatObservedAnExpiredEntry_FinishingAfterAnInvalidation_StoresNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { TimeProvider = clock });
        var key = Policies.UniqueKey("race-expired-invalidate");
        Assert.True(await store.SetAsync(key, "older still", _policy));
        clock.Advance(_policy.Ttl + TimeSpan.FromSeconds(1)); // logically expired; Redis still holds the bytes
        Assert.Equal(CacheEntryStatus.Expired, (await store.TryGetAsync(key, _policy)).Status);
        var core = new GatedFactory<string>(Old);

        var fill = StartFill(store, key, core);
        await core.Entered;
        Assert.True(await store.InvalidateAsync(key));
        core.Release();

        Assert.Equal(Old, await fill);
        Assert.Equal(CacheEntryStatus.Invalidated, (await store.TryGetAsync(key, _policy)).Status);
    }

    [Fact]
    public async Task FillThatObservedAnExpiredEntry_FinishingAfterAWriteThroughOfNew_LeavesNew()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new RedisCacheStore(redis.Multiplexer, new RedisCacheStoreOptions { TimeProvider = clock });
        var key = Policies.UniqueKey("race-expired-write");
        Assert.True(await store.SetAsync(key, "older still", _policy));
        clock.Advance(_policy.Ttl + TimeSpan.FromSeconds(1));
        var core = new GatedFactory<string>(Old);

        var fill = StartFill(store, key, core);
        await core.Entered;
        Assert.True(await store.SetAsync(key, New, _policy));
        core.Release();

        Assert.Equal(Old, await fill);
        AssertHit(New, await store.TryGetAsync(key, _policy));
    }

    [Fact]
    public async Task FillThatObservedAnInvalidation_FinishingAfterAnotherInvalidation_StoresNothing()
    {
        // Each invalidation leaves a different marker, so a fill that saw the first one cannot overwrite the second.
        var key = Policies.UniqueKey("race-two-invalidations");
        Assert.True(await _store.InvalidateAsync(key));
        var core = new GatedFactory<string>(Old);

        var fill = StartFill(_store, key, core);
        await core.Entered;
        Assert.True(await _store.InvalidateAsync(key));
        core.Release();

        Assert.Equal(Old, await fill);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, _policy)).Status);
    }

    [Fact]
    public async Task FillThatObservedAnInvalidation_WithNothingInBetween_IsStored()
    {
        var key = Policies.UniqueKey("race-after-invalidation-control");
        Assert.True(await _store.InvalidateAsync(key));
        var core = new GatedFactory<string>(Old);

        var fill = StartFill(_store, key, core);
        await core.Entered;
        core.Release();

        Assert.Equal(Old, await fill);
        AssertHit(Old, await _store.TryGetAsync(key, _policy));
    }

    [Fact]
    public async Task Refresh_WithNothingInBetween_OverwritesTheEntry()
    {
        var key = Policies.UniqueKey("refresh-control");
        Assert.True(await _store.SetAsync(key, "cached", _policy));
        var core = new GatedFactory<string>(Old);

        var refresh = StartRefresh(key, core);
        await core.Entered;
        core.Release();

        Assert.Equal(Old, await refresh);
        AssertHit(Old, await _store.TryGetAsync(key, _policy));
    }

    [Fact]
    public async Task RefreshThatReadOld_FinishingAfterAWriteThroughOfNew_LeavesNew()
    {
        var key = Policies.UniqueKey("refresh-write");
        Assert.True(await _store.SetAsync(key, "cached", _policy));
        var core = new GatedFactory<string>(Old);

        var refresh = StartRefresh(key, core);
        await core.Entered;
        Assert.True(await _store.SetAsync(key, New, _policy));
        core.Release();

        Assert.Equal(Old, await refresh);
        AssertHit(New, await _store.TryGetAsync(key, _policy));
    }

    [Fact]
    public async Task RefreshThatReadOld_FinishingAfterAnInvalidation_StoresNothing()
    {
        var key = Policies.UniqueKey("refresh-invalidate");
        Assert.True(await _store.SetAsync(key, "cached", _policy));
        var core = new GatedFactory<string>(Old);

        var refresh = StartRefresh(key, core);
        await core.Entered;
        Assert.True(await _store.InvalidateAsync(key));
        core.Release();

        Assert.Equal(Old, await refresh);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, _policy)).Status);
    }

    [Fact]
    public async Task SyncFill_WithNothingInBetween_IsStored()
    {
        var key = Policies.UniqueKey("sync-race-control");
        var core = new GatedFactory<string>(Old);

        var fill = StartSyncFill(key, core);
        await core.Entered;
        core.Release();

        Assert.Equal(Old, await fill);
        AssertHit(Old, await _store.TryGetAsync(key, _policy));
    }

    [Fact]
    public async Task SyncFillThatReadOld_FinishingAfterAnInvalidation_StoresNothing()
    {
        var key = Policies.UniqueKey("sync-race-invalidate");
        var core = new GatedFactory<string>(Old);

        var fill = StartSyncFill(key, core);
        await core.Entered; // the fill's thread is now blocked in the core, after its GET
        Assert.True(await _store.InvalidateAsync(key));
        core.Release();

        Assert.Equal(Old, await fill);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, _policy)).Status);
    }

    [Fact]
    public async Task SyncFillThatReadOld_FinishingAfterAWriteThroughOfNew_LeavesNew()
    {
        var key = Policies.UniqueKey("sync-race-write");
        var core = new GatedFactory<string>(Old);

        var fill = StartSyncFill(key, core);
        await core.Entered;
        Assert.True(await _store.SetAsync(key, New, _policy));
        core.Release();

        Assert.Equal(Old, await fill);
        AssertHit(New, await _store.TryGetAsync(key, _policy));
    }

    private Task<string> StartFill(RedisCacheStore store, string key, GatedFactory<string> core)
        => store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();

    private Task<string> StartRefresh(string key, GatedFactory<string> core)
        => _store.RefreshAsync(key, null, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();

    // The synchronous path runs on its own thread, as a synchronous caller would; its core blocks that thread.
    private Task<string> StartSyncFill(string key, GatedFactory<string> core)
        => Task.Factory.StartNew(
            () => _store.GetOrCreate(key, _policy, core, static c => c.Create()),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void AssertHit(string expected, CacheLookup<string> lookup)
    {
        Assert.Equal(CacheEntryStatus.Hit, lookup.Status);
        Assert.Equal(expected, lookup.Value);
    }
}
