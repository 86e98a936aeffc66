using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// <see cref="ICacheStore.WarmAsync"/> (issue 4, item 6): every item goes through the core once and is stored, in
/// chunks written by one pipeline each, so that reads afterwards hit without calling the core.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class WarmTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);
    private readonly CachePolicy<string> _policy = Policies.String();
    private readonly string _prefix = Policies.UniqueKey("warm") + ":";

    [Fact]
    public async Task Warming250Items_StoresThemAll_ThenReadsHitWithoutTheCore()
    {
        await WarmAndReadBackAsync(_store, _prefix, 250);
    }

    [Fact]
    public async Task Warming_OverwritesAnOlderEntry()
    {
        Assert.True(await _store.SetAsync(KeyOf(1), "stale", _policy));

        Assert.Equal(2, await _store.WarmAsync([1, 2], KeyOf, null, _policy, 0, static (_, id, _) => ValueTask.FromResult(RecordingBatchCore.ValueOf(id))));

        Assert.Equal(RecordingBatchCore.ValueOf(1), (await _store.TryGetAsync(KeyOf(1), _policy)).Value);
    }

    [Fact]
    public async Task Warming_EmptyInput_StoresNothing()
    {
        var calls = 0;

        Assert.Equal(0, await _store.WarmAsync(Array.Empty<int>(), KeyOf, null, _policy, 0, (_, id, _) =>
        {
            calls++;
            return ValueTask.FromResult("never");
        }));

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Warming_DoesNotOverwriteAWriteThroughOrAnInvalidationThatHappenedWhileItsCoreRan()
    {
        var core = new GatedFactory<string>("gate");
        var warm = _store.WarmAsync([1, 2, 3], KeyOf, null, _policy, core, static async (c, id, ct) =>
        {
            if (id == 1)
            {
                await c.CreateAsync(ct); // the chunk's keys are observed before the first core call
            }

            return "warm-" + id;
        }).AsTask();
        await core.Entered;

        Assert.True(await _store.SetAsync(KeyOf(2), "new-2", _policy));
        Assert.True(await _store.InvalidateAsync(KeyOf(3)));
        core.Release();

        Assert.Equal(1, await warm);
        Assert.Equal("warm-1", (await _store.TryGetAsync(KeyOf(1), _policy)).Value);
        Assert.Equal("new-2", (await _store.TryGetAsync(KeyOf(2), _policy)).Value);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(KeyOf(3), _policy)).Status);
    }

    /// <summary>Warms <paramref name="count"/> items and checks that each is stored once and then read back without the core.</summary>
    internal static async Task WarmAndReadBackAsync(RedisCacheStore store, string prefix, int count)
    {
        var policy = Policies.String();
        var ids = Enumerable.Range(1, count).ToArray();
        var warmCalls = new int[count + 1];

        var stored = await store.WarmAsync(ids, id => prefix + id, null, policy, warmCalls, static (calls, id, _) =>
        {
            Interlocked.Increment(ref calls[id]);
            return ValueTask.FromResult(RecordingBatchCore.ValueOf(id));
        });

        Assert.Equal(count, stored);
        Assert.All(ids, id => Assert.Equal(1, warmCalls[id]));
        var database = store.Multiplexer.GetDatabase();
        // One EXISTS per key: on a cluster a multi-key EXISTS would span slots.
        Assert.All(await Task.WhenAll(ids.Select(id => database.KeyExistsAsync(prefix + id))), Assert.True);
        var readCalls = 0;
        foreach (var id in ids)
        {
            var value = await store.GetOrCreateAsync(prefix + id, policy, 0, (_, _) =>
            {
                Interlocked.Increment(ref readCalls);
                return ValueTask.FromResult("from the core");
            });
            Assert.Equal(RecordingBatchCore.ValueOf(id), value);
        }

        Assert.Equal(0, readCalls);
    }

    private string KeyOf(int id) => _prefix + id;
}
