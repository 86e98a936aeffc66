using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests.FailSafe;

/// <summary>
/// Every entry lives in Redis for its logical TTL plus the policy's fail-safe window, whichever way it was written;
/// a tagged entry's physical TTL still never exceeds <see cref="RedisCacheStoreOptions.MaxTaggedEntryTtl"/>.
/// </summary>
public sealed class PhysicalTtlTests : IAsyncLifetime
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private FailSafeHarness? _harness;

    private FailSafeHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await FailSafeHarness.StartAsync(maxTaggedEntryTtl: TimeSpan.FromMinutes(15));

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task Fill_SetAsync_Batch_AndWarm_AllLiveTtlPlusFailSafe()
    {
        var policy = FailSafeHarness.Policy(failSafe: TimeSpan.FromMinutes(3));
        var expected = FailSafeHarness.Ttl + TimeSpan.FromMinutes(3);
        var fill = Policies.UniqueKey("pttl-fill");
        var set = Policies.UniqueKey("pttl-set");
        var batch = Policies.UniqueKey("pttl-batch");
        var warm = Policies.UniqueKey("pttl-warm");

        await H.FillAsync(fill, policy, Policies.SampleProduct(1));
        Assert.True(await H.Store.SetAsync(set, null, Policies.SampleProduct(2), policy));
        await H.Store.GetOrCreateManyAsync(
            [3], _ => batch, null, policy, 0,
            static (_, ids, _) => ValueTask.FromResult<IReadOnlyDictionary<int, Product>>(new Dictionary<int, Product> { [ids[0]] = Policies.SampleProduct(3) }));
        Assert.Equal(1, await H.Store.WarmAsync([4], _ => warm, null, policy, 0, static (_, id, _) => ValueTask.FromResult(Policies.SampleProduct(id))));

        foreach (var key in new[] { fill, set, batch, warm })
        {
            var pttl = await H.Database.KeyTimeToLiveAsync(key);
            Assert.NotNull(pttl);
            Assert.InRange(pttl!.Value, expected - Slack, expected);
        }

        // The logical expiry in the header is still the TTL, not the physical one.
        var header = (byte[])(await H.Database.StringGetAsync(fill))!;
        Assert.Equal((FailSafeHarness.Start + FailSafeHarness.Ttl).ToUnixTimeMilliseconds(), EntryBytes.LogicalExpiryUnixMs(header));
    }

    [Fact]
    public async Task WithoutFailSafe_ThePhysicalTtlIsTheTtl()
    {
        var key = Policies.UniqueKey("pttl-none");
        await H.FillAsync(key, FailSafeHarness.Policy(failSafe: TimeSpan.Zero), Policies.SampleProduct(5));
        var pttl = await H.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(pttl!.Value, FailSafeHarness.Ttl - Slack, FailSafeHarness.Ttl);
    }

    [Fact]
    public async Task TaggedEntry_PhysicalTtlIsClampedToMaxTaggedEntryTtl_FailSafeWindowIncluded()
    {
        // 10 min TTL + 10 min fail-safe would be 20 min; tagged entries may live at most 15.
        var key = Policies.UniqueKey("pttl-tagged");
        await H.FillAsync(key, FailSafeHarness.Policy(), Policies.SampleProduct(6), ["pttl-tag"]);
        var pttl = await H.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(pttl!.Value, TimeSpan.FromMinutes(15) - Slack, TimeSpan.FromMinutes(15));

        // A TTL above the cap is cut to it, and the logical expiry with it.
        var longKey = Policies.UniqueKey("pttl-tagged-long");
        await H.FillAsync(longKey, FailSafeHarness.Policy(ttl: TimeSpan.FromMinutes(30)), Policies.SampleProduct(7), ["pttl-tag"]);
        Assert.InRange((await H.Database.KeyTimeToLiveAsync(longKey))!.Value, TimeSpan.FromMinutes(15) - Slack, TimeSpan.FromMinutes(15));
        var header = (byte[])(await H.Database.StringGetAsync(longKey))!;
        Assert.Equal((FailSafeHarness.Start + TimeSpan.FromMinutes(15)).ToUnixTimeMilliseconds(), EntryBytes.LogicalExpiryUnixMs(header));
    }
}
