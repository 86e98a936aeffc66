using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Runtime.Tests.DistributedFill;

/// <summary>
/// Misses on one cold key in several processes (independent multiplexers and stores, each on its own private
/// redis-server per test) call the core once between them with distributed fills on, and once per process without.
/// </summary>
public sealed class AcrossProcessesTests(ITestOutputHelper output)
{
    private const int Processes = 8;
    private const int CallersPerProcess = 50;
    private static readonly TimeSpan CoreDuration = TimeSpan.FromMilliseconds(200);

    private readonly CachePolicy<Product> _policy = Policies.Product();

    [Fact]
    public async Task EightProcesses_FiftyCallersEach_CallTheCoreOnce_AndAllGetTheValue()
    {
        await using var harness = await ProcessesHarness.StartAsync(Processes);
        var key = Policies.UniqueKey("distributed-fill");
        var core = new SlowCore<Product>(Policies.SampleProduct(1), CoreDuration);
        var stats = await CommandStats.ReadAsync(harness.Server.Port);

        var (values, latencies, total) = await CallEveryProcessAsync(harness, key, null, core);
        var after = await CommandStats.ReadAsync(harness.Server.Port);

        Assert.True(core.Calls == 1, $"{core.Calls} core calls{Environment.NewLine}{harness.DescribeLogs()}");
        Assert.Equal(Processes * CallersPerProcess, values.Length);
        Assert.All(values, value => Assert.Equal(Policies.SampleProduct(1), value));
        Assert.Equal(Policies.SampleProduct(1), (await harness.Stores[3].TryGetAsync(key, _policy)).Value);
        Assert.False(await harness.Database.KeyExistsAsync(key + FillLock.Suffix)); // released
        // The holder's release is the only script: its fill of a missing key is a SET NX, and the waiters returned
        // what they read and stored nothing again.
        Assert.True(stats.ScriptDelta(after) == 1, CommandStats.Describe(stats.Deltas(after)));
        // One lock attempt per process, not per caller, plus the holder's fill.
        Assert.Equal(Processes + 1, stats.Delta(after, "set"));
        Report("on", core.Calls, latencies, total, harness.Count(nameof(CacheLog.FillWaited)));
    }

    [Fact]
    public async Task Disabled_EachProcessCallsItsCore()
    {
        await using var harness = await ProcessesHarness.StartAsync(Processes, fill => fill.Enabled = false);
        var key = Policies.UniqueKey("distributed-fill-off");
        var core = new SlowCore<Product>(Policies.SampleProduct(2), CoreDuration);

        var (values, latencies, total) = await CallEveryProcessAsync(harness, key, null, core);

        // The control: each store shares its own callers' misses, but nothing stops the processes from each other.
        Assert.True(core.Calls >= Processes, $"{core.Calls} core calls");
        Assert.All(values, value => Assert.Equal(Policies.SampleProduct(2), value));
        Assert.False(await harness.Database.KeyExistsAsync(key + FillLock.Suffix)); // never taken
        Report("off", core.Calls, latencies, total, harness.Count(nameof(CacheLog.FillWaited)));
    }

    [Fact]
    public async Task TaggedKey_CallsTheCoreOnce_AndWaitersReadThroughTheTags()
    {
        await using var harness = await ProcessesHarness.StartAsync(4);
        var key = Policies.UniqueKey("distributed-fill-tags");
        string[] tags = ["distributed-a", "distributed-b"];
        var core = new SlowCore<Product>(Policies.SampleProduct(3), CoreDuration);

        var calls = harness.Stores
            .SelectMany(store => Enumerable.Range(0, 10).Select(_ => store.GetOrCreateAsync(key, tags, _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask()))
            .ToArray();

        Assert.All(await Task.WhenAll(calls), value => Assert.Equal(Policies.SampleProduct(3), value));
        Assert.Equal(1, core.Calls);
        Assert.Equal(Policies.SampleProduct(3), (await harness.Stores[1].TryGetAsync(key, tags, _policy)).Value);
    }

    [Fact]
    public async Task TheLockHasATtl_AndNoKeyOfOursIsLeftWithoutOne()
    {
        await using var harness = await ProcessesHarness.StartAsync(2, fill => fill.LockTtl = TimeSpan.FromSeconds(3));
        var key = Policies.UniqueKey("distributed-fill-ttl");
        var core = new GatedFactory<Product>(Policies.SampleProduct(4));

        var holder = harness.Stores[0].GetOrCreateAsync(key, ["distributed-ttl"], _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
        await core.Entered;
        var lockTtl = await harness.Database.KeyTimeToLiveAsync(key + FillLock.Suffix);
        var waiter = harness.Stores[1].GetOrCreateAsync(key, ["distributed-ttl"], _policy, core, static (c, ct) => c.CreateAsync(ct)).AsTask();
        core.Release();
        await Task.WhenAll(holder, waiter);

        Assert.NotNull(lockTtl);
        Assert.InRange(lockTtl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal(1, core.Calls);

        // SCAN everything the store wrote (entry, tag stamps; the lock is gone): every key expires on its own.
        var server = harness.Database.Multiplexer.GetServer(harness.Server.Endpoint);
        var keys = new List<RedisKey>();
        await foreach (var k in server.KeysAsync(pattern: "*"))
        {
            keys.Add(k);
        }

        Assert.Contains(keys, k => k == key);
        Assert.DoesNotContain(keys, k => k == key + FillLock.Suffix);
        foreach (var k in keys)
        {
            var ttl = await harness.Database.KeyTimeToLiveAsync(k);
            Assert.True(ttl is not null, $"'{k}' has no TTL");
        }
    }

    private async Task<(Product[] Values, TimeSpan[] Latencies, TimeSpan Total)> CallEveryProcessAsync(
        ProcessesHarness harness, string key, string[]? tags, SlowCore<Product> core)
    {
        var clock = Stopwatch.StartNew();
        var calls = harness.Stores
            .SelectMany(store => Enumerable.Range(0, CallersPerProcess).Select(_ => TimedAsync(store, key, tags, core)))
            .ToArray();
        var results = await Task.WhenAll(calls);
        return (results.Select(r => r.Value).ToArray(), results.Select(r => r.Elapsed).ToArray(), clock.Elapsed);
    }

    private async Task<(Product Value, TimeSpan Elapsed)> TimedAsync(RedisCacheStore store, string key, string[]? tags, SlowCore<Product> core)
    {
        await Task.Yield(); // every caller starts on its own, as concurrent requests would
        var clock = Stopwatch.StartNew();
        var value = await store.GetOrCreateAsync(key, tags, _policy, core, static (c, ct) => c.CreateAsync(ct));
        return (value, clock.Elapsed);
    }

    private void Report(string mode, int coreCalls, TimeSpan[] latencies, TimeSpan total, int waited)
    {
        Array.Sort(latencies);
        output.WriteLine(
            $"distributed fill {mode}: {Processes} processes x {CallersPerProcess} callers, core {CoreDuration.TotalMilliseconds} ms: " +
            $"{coreCalls} core call(s); {waited} process(es) waited for another's fill; per call p50 {latencies[latencies.Length / 2].TotalMilliseconds:F0} ms, " +
            $"p99 {latencies[latencies.Length * 99 / 100].TotalMilliseconds:F0} ms, max {latencies[^1].TotalMilliseconds:F0} ms; all done in {total.TotalMilliseconds:F0} ms");
    }
}
