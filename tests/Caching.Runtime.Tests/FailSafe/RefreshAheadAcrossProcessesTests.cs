using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// Refresh-ahead with distributed single-flight on: the refresh must call the core, not take the still-valid entry
/// for the refreshed value (which the cross-process lock's holder and waiters would do).
/// </summary>
public sealed class RefreshAheadAcrossProcessesTests : IAsyncLifetime
{
    private FailSafeHarness? _harness;

    private FailSafeHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await FailSafeHarness.StartAsync(distributedFill: true);

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task HitPastTheFraction_RefreshesThroughTheCore_WithDistributedFillOn()
    {
        var policy = FailSafeHarness.Policy(refreshAhead: 0.5);
        var key = Policies.UniqueKey("refresh-ahead-distributed");
        await H.FillAsync(key, policy, Policies.SampleProduct(1));
        H.Clock.Advance(TimeSpan.FromMinutes(6));
        var core = new GatedFactory<Product>(Policies.SampleProduct(2));

        Assert.Equal(Policies.SampleProduct(1), await H.Call(key, policy, core));
        core.Release();
        await H.Probe.FillRemoved(key);

        Assert.Equal(1, core.Calls);
        Assert.Equal(Policies.SampleProduct(2), (await H.Store.TryGetAsync(key, null, policy)).Value);
    }
}
