using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// Past its logical expiry and inside the fail-safe window, an entry's value is served when the core throws; never
/// after the window, never for an invalidated key or tag, never without fail-safe.
/// </summary>
public sealed class StaleOnFailureTests : IAsyncLifetime
{
    private FailSafeHarness? _harness;

    private FailSafeHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await FailSafeHarness.StartAsync();

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task CoreThrows_TheStaleValueIsReturned_Logged_AndNothingIsStored()
    {
        var key = Policies.UniqueKey("stale-throw");
        var policy = FailSafeHarness.Policy();
        await H.FillAsync(key, policy, Policies.SampleProduct(1));
        var before = (byte[])(await H.Database.StringGetAsync(key))!;
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));

        // TryGet still reports the entry as expired, with no value.
        var lookup = await H.Store.TryGetAsync(key, null, policy);
        Assert.Equal(CacheEntryStatus.Expired, lookup.Status);
        Assert.Null(lookup.Value);

        Assert.Equal(Policies.SampleProduct(1), await H.CallThrowing(key, policy));
        Assert.Equal(1, H.Count("StaleServedOnFailure"));
        Assert.Equal(before, (byte[])(await H.Database.StringGetAsync(key))!);

        // The next call still has the stale value to fall back on, and a working core replaces it.
        Assert.Equal(Policies.SampleProduct(1), await H.CallThrowing(key, policy));
        await H.Store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(2)));
        Assert.Equal(Policies.SampleProduct(2), (await H.Store.TryGetAsync(key, null, policy)).Value);
    }

    [Fact]
    public void SyncPath_CoreThrows_TheStaleValueIsReturned()
    {
        var key = Policies.UniqueKey("stale-sync");
        var policy = FailSafeHarness.Policy();
        H.Store.GetOrCreate(key, null, policy, 0, static _ => Policies.SampleProduct(3));
        var before = (byte[])H.Database.StringGet(key)!;
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));

        Assert.Equal(Policies.SampleProduct(3), H.Store.GetOrCreate<int, Product>(key, null, policy, 0, static _ => throw new InvalidOperationException("down")));
        Assert.Equal(1, H.Count("StaleServedOnFailure"));
        Assert.Equal(before, (byte[])H.Database.StringGet(key)!); // the stale value was not written back as fresh
        Assert.Throws<InvalidOperationException>(
            () => H.Store.GetOrCreate<int, Product>(key, null, FailSafeHarness.Policy(failSafe: TimeSpan.Zero), 0, static _ => throw new InvalidOperationException("down")));
    }

    [Fact]
    public async Task AfterTheFailSafeWindow_TheCoreExceptionReachesTheCaller()
    {
        var key = Policies.UniqueKey("stale-window");
        var policy = FailSafeHarness.Policy();
        await H.FillAsync(key, policy, Policies.SampleProduct(4));

        // Redis still holds the entry (its TTL runs in real time); the header's clock says the window is over.
        H.Clock.Advance(FailSafeHarness.Ttl + FailSafeHarness.Window);
        Assert.True(await H.Database.KeyExistsAsync(key));
        await Assert.ThrowsAsync<InvalidOperationException>(() => H.CallThrowing(key, policy));

        // One millisecond inside the window, it would have been served.
        var inside = Policies.UniqueKey("stale-window-inside");
        await H.FillAsync(inside, policy, Policies.SampleProduct(5));
        H.Clock.Advance(FailSafeHarness.Ttl + FailSafeHarness.Window - TimeSpan.FromMilliseconds(1));
        Assert.Equal(Policies.SampleProduct(5), await H.CallThrowing(inside, policy));
    }

    [Fact]
    public async Task WithoutFailSafe_TheCoreExceptionReachesTheCaller()
    {
        var key = Policies.UniqueKey("stale-off");
        await H.FillAsync(key, FailSafeHarness.Policy(), Policies.SampleProduct(6));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => H.CallThrowing(key, FailSafeHarness.Policy(failSafe: TimeSpan.Zero)));
    }

    [Fact]
    public async Task InvalidatedKey_IsNeverServedStale()
    {
        var key = Policies.UniqueKey("stale-invalidated");
        var policy = FailSafeHarness.Policy();
        await H.FillAsync(key, policy, Policies.SampleProduct(7));
        Assert.True(await H.Store.InvalidateAsync(key));

        await Assert.ThrowsAsync<InvalidOperationException>(() => H.CallThrowing(key, policy));
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => H.CallThrowing(key, policy));
    }

    [Fact]
    public async Task EntryOfAnInvalidatedTag_IsNeverServedStale()
    {
        var key = Policies.UniqueKey("stale-tag");
        string[] tags = ["stale-tag:" + key];
        var policy = FailSafeHarness.Policy();
        await H.FillAsync(key, policy, Policies.SampleProduct(8), tags);
        H.Clock.Advance(FailSafeHarness.Ttl + TimeSpan.FromMinutes(1));
        Assert.Equal(Policies.SampleProduct(8), await H.CallThrowing(key, policy, tags)); // the tag is still valid: stale is fine

        Assert.True(await H.Store.InvalidateTagAsync(tags[0]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => H.CallThrowing(key, policy, tags));
    }

    [Fact]
    public async Task FreshEntry_IsAHit_TheCoreIsNotCalled()
    {
        var key = Policies.UniqueKey("stale-fresh");
        var policy = FailSafeHarness.Policy();
        await H.FillAsync(key, policy, Policies.SampleProduct(9));
        Assert.Equal(Policies.SampleProduct(9), await H.CallThrowing(key, policy));
        Assert.Equal(0, H.Count("StaleServedOnFailure"));
    }
}
