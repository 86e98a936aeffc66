using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// A hit past the policy's refresh-ahead fraction of its TTL returns the cached value at once and starts one
/// background refresh per key, which stores by the same compare-and-set as any fill: a failure leaves the entry,
/// and a newer write made meanwhile wins.
/// </summary>
public sealed class RefreshAheadTests : IAsyncLifetime
{
    private FailSafeHarness? _harness;

    private FailSafeHarness H => _harness!;

    private static CachePolicy<Product> Policy => FailSafeHarness.Policy(refreshAhead: 0.5);

    public async Task InitializeAsync() => _harness = await FailSafeHarness.StartAsync();

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task HundredConcurrentHitsPastTheFraction_ReturnTheOldValueAtOnce_AndOneCoreCallRefreshes()
    {
        var key = Policies.UniqueKey("refresh-ahead");
        await H.FillAsync(key, Policy, Policies.SampleProduct(1));
        H.Clock.Advance(TimeSpan.FromMinutes(6)); // past 0.5 of the 10-minute TTL, still fresh
        var core = new GatedFactory<Product>(Policies.SampleProduct(2));

        // The core is held, so every hit below runs while the refresh is in flight; none waits for it.
        var hits = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => H.Call(key, Policy, core)));
        Assert.All(hits, hit => Assert.Equal(Policies.SampleProduct(1), hit));
        await core.Entered;

        core.Release();
        await H.Probe.FillRemoved(key);
        Assert.Equal(1, core.Calls);
        Assert.False(core.Token.IsCancellationRequested);
        Assert.Equal(Policies.SampleProduct(2), (await H.Store.TryGetAsync(key, null, Policy)).Value);

        // The refreshed entry carries a new refresh-at moment, half its TTL from now: hits no longer refresh.
        var entry = (byte[])(await H.Database.StringGetAsync(key))!;
        Assert.Equal((H.Clock.GetUtcNow() + TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds(), RefreshAt(entry));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => H.Call(key, Policy, core)));
        Assert.Equal(1, core.Calls);
    }

    [Fact]
    public async Task TaggedEntry_IsRefreshedAhead_AndKeepsItsTags()
    {
        var key = Policies.UniqueKey("refresh-ahead-tagged");
        string[] tags = ["refresh-tag:" + key];
        await H.FillAsync(key, Policy, Policies.SampleProduct(13), tags);
        H.Clock.Advance(TimeSpan.FromMinutes(6));
        var core = new GatedFactory<Product>(Policies.SampleProduct(14));

        Assert.Equal(Policies.SampleProduct(13), await H.Call(key, Policy, core, tags: tags));
        core.Release();
        await H.Probe.FillRemoved(key);
        Assert.Equal(Policies.SampleProduct(14), (await H.Store.TryGetAsync(key, tags, Policy)).Value);

        // The refreshed entry is still under its tag: invalidating the tag makes it a miss.
        Assert.True(await H.Store.InvalidateTagAsync(tags[0]));
        Assert.Equal(CacheEntryStatus.TagInvalidated, (await H.Store.TryGetAsync(key, tags, Policy)).Status);
    }

    [Fact]
    public async Task HitBeforeTheFraction_StartsNoRefresh()
    {
        var key = Policies.UniqueKey("refresh-ahead-early");
        await H.FillAsync(key, Policy, Policies.SampleProduct(3));
        var entry = (byte[])(await H.Database.StringGetAsync(key))!;
        Assert.Equal((FailSafeHarness.Start + TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds(), RefreshAt(entry));
        H.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        var core = new GatedFactory<Product>(Policies.SampleProduct(4));

        Assert.Equal(Policies.SampleProduct(3), await H.Call(key, Policy, core));
        // A negative check: give a wrongly started refresh time to reach the core.
        await Task.Delay(200);
        Assert.Equal(0, core.Calls);
    }

    [Fact]
    public async Task FailedRefresh_IsLogged_AndTheEntryStays()
    {
        var key = Policies.UniqueKey("refresh-ahead-fails");
        await H.FillAsync(key, Policy, Policies.SampleProduct(5));
        var before = (byte[])(await H.Database.StringGetAsync(key))!;
        H.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(Policies.SampleProduct(5), await H.CallThrowing(key, Policy));
        await H.Probe.FillRemoved(key);
        Assert.Equal(1, H.Count("BackgroundRefreshFailed"));
        Assert.Equal(before, (byte[])(await H.Database.StringGetAsync(key))!);
        Assert.Equal(Policies.SampleProduct(5), (await H.Store.TryGetAsync(key, null, Policy)).Value);
    }

    [Fact]
    public async Task WriteDuringTheRefresh_Wins()
    {
        var key = Policies.UniqueKey("refresh-ahead-write");
        await H.FillAsync(key, Policy, Policies.SampleProduct(6));
        H.Clock.Advance(TimeSpan.FromMinutes(6));
        var core = new GatedFactory<Product>(Policies.SampleProduct(7));

        Assert.Equal(Policies.SampleProduct(6), await H.Call(key, Policy, core));
        await core.Entered;
        Assert.True(await H.Store.SetAsync(key, null, Policies.SampleProduct(8), Policy));
        core.Release();
        await H.Probe.FillRemoved(key);

        Assert.Equal(Policies.SampleProduct(8), (await H.Store.TryGetAsync(key, null, Policy)).Value);
    }

    [Fact]
    public async Task InvalidationDuringTheRefresh_Wins()
    {
        var key = Policies.UniqueKey("refresh-ahead-invalidate");
        await H.FillAsync(key, Policy, Policies.SampleProduct(9));
        H.Clock.Advance(TimeSpan.FromMinutes(6));
        var core = new GatedFactory<Product>(Policies.SampleProduct(10));

        Assert.Equal(Policies.SampleProduct(9), await H.Call(key, Policy, core));
        await core.Entered;
        Assert.True(await H.Store.InvalidateAsync(key));
        core.Release();
        await H.Probe.FillRemoved(key);

        Assert.Equal(CacheEntryStatus.Invalidated, (await H.Store.TryGetAsync(key, null, Policy)).Status);
    }

    [Fact]
    public async Task EntryWrittenWithoutRefreshAhead_IsAPlainHit_UnderARefreshAheadPolicy()
    {
        // An entry from before refresh-ahead (or from a policy without it) has no refresh-at: a hit, never a refresh.
        var key = Policies.UniqueKey("refresh-ahead-old");
        await H.FillAsync(key, FailSafeHarness.Policy(), Policies.SampleProduct(11));
        H.Clock.Advance(TimeSpan.FromMinutes(9));
        var core = new GatedFactory<Product>(Policies.SampleProduct(12));

        Assert.Equal(Policies.SampleProduct(11), await H.Call(key, Policy, core));
        await Task.Delay(200);
        Assert.Equal(0, core.Calls);
    }

    private static long RefreshAt(byte[] entry)
    {
        Assert.Equal(EntryBytes.RefreshAtFlag, entry[2] & EntryBytes.RefreshAtFlag);
        return BitConverter.ToInt64(entry, EntryBytes.HeaderSize); // untagged: right after the header
    }
}
