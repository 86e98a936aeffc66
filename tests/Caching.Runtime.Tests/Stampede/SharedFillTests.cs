using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Stampede;

/// <summary>
/// Concurrent misses on one key share one fill (issue 5, item 3). Every test holds the core open with a gate until
/// the callers it counts have joined, so "concurrent" is forced, not hoped for.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class SharedFillTests
{
    private readonly RedisServerFixture _redis;
    private readonly RedisCacheStore _store;
    private readonly FillProbe _probe;
    private readonly CachePolicy<Product> _policy = Policies.Product();

    public SharedFillTests(RedisServerFixture redis)
    {
        _redis = redis;
        _store = new RedisCacheStore(redis.Multiplexer);
        _probe = new FillProbe(_store);
    }

    [Fact]
    public async Task ThousandConcurrentMisses_CallTheCoreOnce_AndAllGetTheValue()
    {
        const int Callers = 1000;
        var key = Policies.UniqueKey("stampede-1000");
        var core = new GatedFactory<Product>(Policies.SampleProduct(1));

        var calls = Enumerable.Range(0, Callers)
            .Select(_ => _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask())
            .ToArray();
        await core.Entered;
        await _probe.Joined(key, Callers);
        core.Release();
        var values = await Task.WhenAll(calls);

        Assert.Equal(1, core.Calls);
        Assert.All(values, value => Assert.Equal(Policies.SampleProduct(1), value));
        Assert.Equal(Policies.SampleProduct(1), (await _store.TryGetAsync(key, _policy)).Value);
    }

    [Fact]
    public async Task DifferentKeys_DoNotShare()
    {
        var first = Policies.UniqueKey("stampede-a");
        var second = Policies.UniqueKey("stampede-b");
        var firstCore = new GatedFactory<Product>(Policies.SampleProduct(1));
        var secondCore = new GatedFactory<Product>(Policies.SampleProduct(2));

        var a = _store.GetOrCreateAsync(first, _policy, firstCore, static (c, ct) => c.CreateAsync(ct)).AsTask();
        var b = _store.GetOrCreateAsync(second, _policy, secondCore, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await firstCore.Entered; // each key's core runs while the other's is still held: nothing is shared
        await secondCore.Entered;
        firstCore.Release();
        secondCore.Release();

        Assert.Equal(Policies.SampleProduct(1), await a);
        Assert.Equal(Policies.SampleProduct(2), await b);
        Assert.Equal(1, firstCore.Calls);
        Assert.Equal(1, secondCore.Calls);
    }

    [Fact]
    public async Task SameKey_DifferentTags_DoNotShare()
    {
        var key = Policies.UniqueKey("stampede-tags");
        var untaggedCore = new GatedFactory<Product>(Policies.SampleProduct(1));
        var taggedCore = new GatedFactory<Product>(Policies.SampleProduct(2));

        var untagged = _store.GetOrCreateAsync(key, null, _policy, untaggedCore, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await untaggedCore.Entered;
        var tagged = _store.GetOrCreateAsync(key, ["stampede-tag"], _policy, taggedCore, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await taggedCore.Entered; // the tagged miss ran its own core while the untagged fill is still held
        untaggedCore.Release();
        taggedCore.Release();

        Assert.Equal(Policies.SampleProduct(1), await untagged);
        Assert.Equal(Policies.SampleProduct(2), await tagged);
    }

    [Fact]
    public async Task SameTagsInDifferentArrays_Share()
    {
        var key = Policies.UniqueKey("stampede-same-tags");
        var core = new GatedFactory<Product>(Policies.SampleProduct(3));

        // Generated code builds templated tags per call: equal sets arrive as different arrays.
        var calls = Enumerable.Range(0, 10)
            .Select(i => _store.GetOrCreateAsync(key, ["shared", "item:" + 3], _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask())
            .ToArray();
        await core.Entered;
        await _probe.Joined(key, 10);
        core.Release();

        Assert.All(await Task.WhenAll(calls), value => Assert.Equal(Policies.SampleProduct(3), value));
        Assert.Equal(1, core.Calls);
    }

    [Fact]
    public async Task AWaiterArrivingAfterTheFillCompleted_BeforeItsRemoval_GetsTheValue()
    {
        var key = Policies.UniqueKey("stampede-late");
        // A TTL of zero means "do not cache": Redis stays empty after the fill, so the late caller really misses.
        var policy = new CachePolicy<Product>("Tests.Uncached", _policy.Ttl, TimeSpan.Zero, Policies.ProductSchema, _policy.Serializer, static _ => TimeSpan.Zero);
        var core = new CountingFactory<Product>(Policies.SampleProduct(4));
        var late = new CountingFactory<Product>(Policies.SampleProduct(5));
        var lateValue = new TaskCompletionSource<Product>(TaskCreationOptions.RunContinuationsAsynchronously);
        _probe.WhileEnding = async _ =>
        {
            _probe.WhileEnding = null;
            lateValue.SetResult(await _store.GetOrCreateCountedAsync(key, policy, late));
        };

        var first = await _store.GetOrCreateCountedAsync(key, policy, core);
        await _probe.FillRemoved(key);

        Assert.Equal(Policies.SampleProduct(4), first);
        Assert.Equal(Policies.SampleProduct(4), await lateValue.Task); // the finished fill's value, not its own core's
        Assert.Equal(0, late.Calls);
        Assert.Equal(1, core.Calls);
        Assert.Equal(2, _probe.JoinCount(key));

        // Once the fill has left the table, the next miss starts a new one.
        Assert.Equal(Policies.SampleProduct(5), await _store.GetOrCreateCountedAsync(key, policy, late));
        Assert.Equal(1, late.Calls);
    }

    [Fact]
    public async Task RefreshDuringAFill_CallsItsOwnCore()
    {
        var key = Policies.UniqueKey("stampede-refresh");
        var core = new GatedFactory<Product>(Policies.SampleProduct(6));
        var refreshCore = new CountingFactory<Product>(Policies.SampleProduct(7));

        var fill = _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await core.Entered;
        var refreshed = await _store.RefreshAsync(key, null, _policy, refreshCore, static (c, ct) => c.CreateAsync(ct));
        core.Release();

        Assert.Equal(Policies.SampleProduct(7), refreshed);
        Assert.Equal(1, refreshCore.Calls);
        Assert.Equal(Policies.SampleProduct(6), await fill);
        // The fill read the key before the refresh stored, so its compare-and-set leaves the refresh's value.
        Assert.Equal(Policies.SampleProduct(7), (await _store.TryGetAsync(key, _policy)).Value);
        Assert.True(await _redis.Database.KeyExistsAsync(key));
    }
}
