using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Stampede;

/// <summary>
/// Sharing a fill keeps the invalidation race closed (docs/design/writes.md): the shared fill still stores by
/// compare-and-set against its starter's read, and a caller that misses after the state changed does not take a
/// value a core may have read before the change.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class SharedFillRaceTests
{
    private const string Old = "old (read before the write)";
    private const string New = "new (read after the invalidation)";

    private readonly RedisCacheStore _store;
    private readonly FillProbe _probe;
    private readonly CachePolicy<string> _policy = Policies.String();

    public SharedFillRaceTests(RedisServerFixture redis)
    {
        _store = new RedisCacheStore(redis.Multiplexer);
        _probe = new FillProbe(_store);
    }

    [Fact]
    public async Task SharedFill_FinishingAfterAnInvalidation_StoresNothing()
    {
        var key = Policies.UniqueKey("stampede-race-invalidate");
        var core = new GatedFactory<string>(Old);

        var calls = Enumerable.Range(0, 20).Select(_ => Call(key, core)).ToArray();
        await core.Entered;
        await _probe.Joined(key, 20);
        Assert.True(await _store.InvalidateAsync(key));
        core.Release();

        Assert.All(await Task.WhenAll(calls), value => Assert.Equal(Old, value)); // they all joined before it
        Assert.Equal(1, core.Calls);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, _policy)).Status);
    }

    [Fact]
    public async Task SharedFill_FinishingAfterAWriteThrough_LeavesTheWrite()
    {
        var key = Policies.UniqueKey("stampede-race-write");
        var core = new GatedFactory<string>(Old);

        var calls = Enumerable.Range(0, 20).Select(_ => Call(key, core)).ToArray();
        await core.Entered;
        await _probe.Joined(key, 20);
        Assert.True(await _store.SetAsync(key, New, _policy));
        core.Release();

        Assert.All(await Task.WhenAll(calls), value => Assert.Equal(Old, value));
        Assert.Equal(New, (await _store.TryGetAsync(key, _policy)).Value);
    }

    [Fact]
    public async Task AMissAfterAnInvalidation_DoesNotJoinTheFillThatStartedBefore()
    {
        var key = Policies.UniqueKey("stampede-race-late-miss");
        var before = new GatedFactory<string>(Old);
        var after = new GatedFactory<string>(New);

        var early = Call(key, before);
        await before.Entered;
        Assert.True(await _store.InvalidateAsync(key));
        var late = Call(key, after); // it sees the invalidation's marker, not the state the first fill read
        await after.Entered;
        var joiner = Call(key, after); // and a later miss on that same marker shares the newer fill
        await _probe.Joined(key, 3);
        after.Release();
        before.Release();

        Assert.Equal(Old, await early);
        Assert.Equal(New, await late);
        Assert.Equal(New, await joiner);
        Assert.Equal(1, before.Calls);
        Assert.Equal(1, after.Calls);
        Assert.Equal(New, (await _store.TryGetAsync(key, _policy)).Value);
    }

    private Task<string> Call(string key, GatedFactory<string> core)
        => _store.GetOrCreateAsync(key, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
}
