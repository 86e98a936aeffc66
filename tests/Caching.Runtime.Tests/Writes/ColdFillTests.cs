using System;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// A fill of a key the miss saw missing is a plain SET NX (no script, the same commands as hand-written cache-aside),
/// and it is still a compare-and-set: anything written in between wins.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class ColdFillTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public async Task FillOfAMissingKey_IsOneSetNx_AndNoScript()
    {
        var key = Policies.UniqueKey("cold-fill");
        var stats = await CommandStats.ReadAsync(redis.Server.Port);

        Assert.Equal(5, await _store.GetOrCreateAsync(key, Policies.Int(), 5, static (v, _) => ValueTask.FromResult(v)));
        Assert.Equal(5, _store.GetOrCreate(key + ":sync", Policies.Int(), 5, static v => v));

        var after = await CommandStats.ReadAsync(redis.Server.Port);
        Assert.True(stats.ScriptDelta(after) == 0, CommandStats.Describe(stats.Deltas(after)));
        Assert.Equal(2, stats.Delta(after, "set"));
        Assert.True((await _store.TryGetAsync(key, Policies.Int())).IsHit);
        Assert.True((await _store.TryGetAsync(key + ":sync", Policies.Int())).IsHit);
    }

    [Fact]
    public async Task WriteBetweenTheMissAndTheFill_Wins()
    {
        var key = Policies.UniqueKey("cold-fill-race");
        var core = new GatedFactory<int>(1);

        var fill = _store.GetOrCreateAsync(key, Policies.Int(), core, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await core.Entered; // the miss saw no key
        Assert.True(await _store.SetAsync(key, 2, Policies.Int()));
        core.Release();

        Assert.Equal(1, await fill);
        Assert.Equal(2, (await _store.TryGetAsync(key, Policies.Int())).Value);
    }

    [Fact]
    public async Task InvalidationBetweenTheMissAndTheFill_Wins()
    {
        var key = Policies.UniqueKey("cold-fill-invalidated");
        var core = new GatedFactory<int>(1);

        var fill = _store.GetOrCreateAsync(key, Policies.Int(), core, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await core.Entered;
        Assert.True(await _store.InvalidateAsync(key));
        core.Release();

        Assert.Equal(1, await fill);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(key, Policies.Int())).Status);
    }
}
