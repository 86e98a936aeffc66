using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// <see cref="ICacheStore.GetOrCreateManyAsync"/> on a single server (issue 4, item 5): one MGET for every key, the
/// core once with the distinct misses, the misses written back by one compare-and-set each in one pipeline. The
/// class has its own server, so the <c>INFO commandstats</c> counters move only for its tests, which run one at a time.
/// </summary>
public sealed class BatchTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // Commands the multiplexer sends on its own (handshake, heartbeats, configuration) and the probe's INFO.
    private static readonly string[] HousekeepingCommands = ["info", "ping", "echo", "hello", "subscribe"];
    private static readonly string[] HousekeepingPrefixes = ["client|", "config|", "cluster|", "command|"];

    private readonly RedisCacheStore _store = new(redis.Multiplexer);
    private readonly CachePolicy<string> _policy = Policies.String();
    private readonly string _prefix = Policies.UniqueKey("batch") + ":";

    private int Port => redis.Server.Port;

    [Fact]
    public async Task EmptyInput_ReturnsAnEmptyDictionary_WithoutCallingTheCoreOrSendingACommand()
    {
        var core = new RecordingBatchCore();
        var before = await CommandStats.ReadAsync(Port);

        var values = await GetManyAsync([], core);

        var sent = before.Deltas(await CommandStats.ReadAsync(Port))
            .Where(d => !HousekeepingCommands.Contains(d.Key) && !HousekeepingPrefixes.Any(p => d.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(d => d.Key, d => d.Value);
        Assert.Empty(values);
        Assert.Empty(core.Calls);
        Assert.True(sent.Count == 0, $"commands sent for an empty batch: {CommandStats.Describe(sent)}");
    }

    [Fact]
    public async Task HitsAndMisses_TheCoreIsCalledOnce_WithExactlyTheMisses()
    {
        var ids = Enumerable.Range(1, 10).ToArray();
        var hits = new[] { 2, 5, 9 };
        foreach (var id in hits)
        {
            Assert.True(await _store.SetAsync(KeyOf(id), "cached-" + id, _policy));
        }

        var core = new RecordingBatchCore();

        var values = await GetManyAsync(ids, core);

        var call = Assert.Single(core.Calls);
        Assert.Equal(ids.Except(hits), call.Order());
        Assert.Equal(ids, values.Keys.Order());
        Assert.All(hits, id => Assert.Equal("cached-" + id, values[id]));
        Assert.All(ids.Except(hits), id => Assert.Equal(RecordingBatchCore.ValueOf(id), values[id]));
    }

    [Fact]
    public async Task SecondCall_IsAllHits_AndDoesNotCallTheCore()
    {
        var ids = Enumerable.Range(1, 20).ToArray();
        await GetManyAsync(ids, new RecordingBatchCore());
        var core = new RecordingBatchCore();
        var before = await CommandStats.ReadAsync(Port);

        var values = await GetManyAsync(ids, core);

        var after = await CommandStats.ReadAsync(Port);
        Assert.Empty(core.Calls);
        Assert.Equal(ids.ToDictionary(id => id, RecordingBatchCore.ValueOf), values);
        Assert.Equal(0, before.ScriptDelta(after));
    }

    [Fact]
    public async Task DuplicateIds_AreReadOnce_LoadedOnce_AndReturnedOnce()
    {
        Assert.True(await _store.SetAsync(KeyOf(1), "cached-1", _policy));
        var core = new RecordingBatchCore();
        var keysAsked = new List<int>();

        var values = await _store.GetOrCreateManyAsync<int, RecordingBatchCore, string>(
            [1, 2, 2, 1, 3, 3, 3], id =>
            {
                keysAsked.Add(id);
                return KeyOf(id);
            }, null, _policy, core, static (c, ids, ct) => c.LoadAsync(ids, ct));

        Assert.Equal([1, 2, 3], keysAsked);
        Assert.Equal([2, 3], Assert.Single(core.Calls));
        Assert.Equal(new Dictionary<int, string> { [1] = "cached-1", [2] = "value-2", [3] = "value-3" }, values);
    }

    [Fact]
    public async Task IdsTheCoreLeavesOut_AreAbsentFromTheResult_AndNotCached()
    {
        var core = new RecordingBatchCore { Omit = static id => id % 3 == 0 };

        var values = await GetManyAsync([1, 2, 3, 4, 5, 6], core);

        Assert.Equal([1, 2, 4, 5], values.Keys.Order());
        foreach (var id in new[] { 3, 6 })
        {
            Assert.Equal(CacheEntryStatus.Missing, (await _store.TryGetAsync(KeyOf(id), _policy)).Status);
            Assert.False(await redis.Database.KeyExistsAsync(KeyOf(id)));
        }

        foreach (var id in new[] { 1, 2, 4, 5 })
        {
            Assert.Equal(RecordingBatchCore.ValueOf(id), (await _store.TryGetAsync(KeyOf(id), _policy)).Value);
        }
    }

    [Fact]
    public async Task WrittenEntries_ExpireWithinTtlAndTtlPlusJitter()
    {
        var policy = new CachePolicy<string>("Tests.Batch", TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(60), Policies.StringSchema, StringCacheSerializer.Instance);
        var ids = Enumerable.Range(1, 30).ToArray();

        await _store.GetOrCreateManyAsync(ids, KeyOf, null, policy, new RecordingBatchCore(), static (c, misses, ct) => c.LoadAsync(misses, ct));

        var ttls = await Task.WhenAll(ids.Select(async id => (long)await redis.Database.ExecuteAsync("PTTL", (RedisKey)KeyOf(id))));
        Assert.All(ttls, ttl => Assert.InRange(ttl, 600_000 - 5_000, 660_000));
        // Thirty uniform draws from 60 s are not all within a second of each other unless jitter is ignored.
        Assert.True(ttls.Max() - ttls.Min() > 1_000, $"PTTLs barely differ: {string.Join(", ", ttls)}");
    }

    [Fact]
    public async Task HundredKeys_AreReadWithOneMget_AndEachMissIsWrittenByOneScript()
    {
        var ids = Enumerable.Range(1, 100).ToArray();
        var hits = ids.Where(id => id % 4 == 0).ToArray();
        foreach (var id in hits)
        {
            Assert.True(await _store.SetAsync(KeyOf(id), "cached-" + id, _policy));
        }

        var before = await CommandStats.ReadAsync(Port);

        var values = await GetManyAsync(ids, new RecordingBatchCore());

        var after = await CommandStats.ReadAsync(Port);
        var deltas = CommandStats.Describe(before.Deltas(after));
        Assert.Equal(100, values.Count);
        Assert.True(before.Delta(after, "mget") == 1, $"expected one MGET; commands: {deltas}");
        // Each script GETs its key inside Redis (commandstats counts that too); no GET comes from the client.
        Assert.True(before.Delta(after, "get") == before.ScriptDelta(after), $"expected GETs only inside the scripts; commands: {deltas}");
        Assert.True(before.ScriptDelta(after) == 100 - hits.Length, $"expected {100 - hits.Length} scripts; commands: {deltas}");
    }

    [Fact]
    public async Task FillsOfABatch_DoNotOverwriteAWriteThroughOrAnInvalidationThatHappenedWhileTheCoreRan()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = _store.GetOrCreateManyAsync([1, 2, 3], KeyOf, null, _policy, (entered, release),
            static async (gates, misses, ct) =>
            {
                gates.entered.SetResult();
                await gates.release.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                return (IReadOnlyDictionary<int, string>)misses.ToDictionary(id => id, id => "old-" + id);
            }).AsTask();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await _store.SetAsync(KeyOf(1), "new-1", _policy));
        Assert.True(await _store.InvalidateAsync(KeyOf(2)));
        release.SetResult();

        Assert.Equal(new Dictionary<int, string> { [1] = "old-1", [2] = "old-2", [3] = "old-3" }, await batch);
        Assert.Equal("new-1", (await _store.TryGetAsync(KeyOf(1), _policy)).Value);
        Assert.Equal(CacheEntryStatus.Invalidated, (await _store.TryGetAsync(KeyOf(2), _policy)).Status);
        Assert.Equal("old-3", (await _store.TryGetAsync(KeyOf(3), _policy)).Value); // untouched, so stored
    }

    private ValueTask<IReadOnlyDictionary<int, string>> GetManyAsync(IEnumerable<int> ids, RecordingBatchCore core)
        => _store.GetOrCreateManyAsync(ids, KeyOf, null, _policy, core, static (c, misses, ct) => c.LoadAsync(misses, ct));

    private string KeyOf(int id) => Keys.Formatted(_prefix, id, null);
}
