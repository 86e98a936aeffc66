using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.Load;

/// <summary>
/// Issue 8, item 4: 64 callers for 60 seconds on a 90% hit workload through a generated repository, while Redis is
/// killed (SIGKILL) and started again, empty, twice. No caller sees an error or a wrong value; the core is asked for
/// each hot key at most once per Redis life (the first fill, then once after each restart emptied Redis); every cold
/// read reaches the core exactly once; caching works again after each restart. Latency percentiles are printed.
/// </summary>
public sealed class LoadWithRestartsTests(ITestOutputHelper output)
{
    private const int Callers = 64;
    private const int HotKeys = 1_000;
    private const int Restarts = 2;
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan[] RestartAt = [TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)];
    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task SixtyFourCallers_SixtySeconds_RedisRestartedTwice_NoCallerError_CoreCallsBoundedByKeysTimesLives()
    {
        await using var server = await RedisServer.StartAsync();
        await using var multiplexer = await server.ConnectAsync();
        var log = new ListLogger();
        var store = new RedisCacheStore(multiplexer, new RedisCacheStoreOptions { KeyPrefix = "load-test:" }, log);
        var database = new LoadDatabase();
        var repository = new LoadRepository(store, database);

        // The first read attaches L1, whose subscription is then probed; start the clock once L1 takes entries.
        await repository.GetHotAsync(0);
        await WaitUntilAsync(() => store.LocalReady, TimeSpan.FromSeconds(10), "L1 never became ready");

        var run = Stopwatch.StartNew();
        var results = new CallerResult[Callers];
        var coldIds = 0L;
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            var result = results[caller] = new CallerResult();
            while (run.Elapsed < RunFor)
            {
                var cold = random.Next(10) == 0;
                var id = cold ? 1_000_000 + Interlocked.Increment(ref coldIds) : random.Next(HotKeys);
                var started = run.ElapsedTicks;
                try
                {
                    var item = cold ? await repository.GetColdAsync(id) : await repository.GetHotAsync((int)id);
                    if (item != LoadDatabase.Expected(id))
                    {
                        result.WrongValues++;
                    }
                }
                catch (Exception ex)
                {
                    result.Errors.Add($"{run.Elapsed.TotalSeconds:F1}s {(cold ? "cold" : "hot")} {id}: {ex.GetType().Name}: {ex.Message}");
                }

                result.Calls.Add((started, run.ElapsedTicks - started));
                if (cold)
                {
                    result.ColdCalls++;
                }
            }
        })).ToArray();

        var downs = new List<(TimeSpan From, TimeSpan To)>();
        foreach (var at in RestartAt)
        {
            await Task.Delay(at - run.Elapsed);
            var killed = run.Elapsed;
            await server.StopAsync();
            await Task.Delay(DownFor);
            await server.StartAgainAsync();
            var resumed = await MeasureCachingResumedAsync(repository, database, run);
            downs.Add((killed, resumed));
        }

        await Task.WhenAll(callers);
        run.Stop();

        var calls = results.SelectMany(r => r.Calls).ToArray();
        var errors = results.SelectMany(r => r.Errors).ToArray();
        var coldCalls = results.Sum(r => r.ColdCalls);
        var wrong = results.Sum(r => r.WrongValues);
        var hotKeysInRedis = await CountKeysAsync(multiplexer, server, "load-test:load:hot:*");

        Report(run.Elapsed, calls, coldCalls, database, downs, hotKeysInRedis, log);

        Assert.True(errors.Length == 0, $"{errors.Length} calls failed; first: {string.Join(Environment.NewLine, errors.Take(5))}");
        Assert.Equal(0, wrong);
        Assert.True(calls.Length > 100_000, $"only {calls.Length} calls in {RunFor}: the load did not run");
        Assert.Equal(coldCalls, database.ColdReads);
        // One fill per hot key per Redis life: the first, then one after each restart emptied Redis (and L1 was
        // cleared on reconnect). A stampede, a lost L1 or a core call per request during an outage would break it.
        Assert.InRange(database.HotReads, HotKeys, HotKeys * (Restarts + 1));
        // Caching resumed after the last restart: the hot set is back in Redis.
        Assert.Equal(HotKeys, hotKeysInRedis);
        Assert.True(store.LocalReady, "L1 is not taking entries after the restarts");
    }

    // The time from the kill until a fresh cold key is a hit again, i.e. until reads and writes reach Redis again.
    private static async Task<TimeSpan> MeasureCachingResumedAsync(LoadRepository repository, LoadDatabase database, Stopwatch run)
    {
        var probeId = LoadDatabase.FirstProbeId + run.ElapsedTicks;
        var deadline = run.Elapsed + TimeSpan.FromSeconds(15);
        while (run.Elapsed < deadline)
        {
            probeId++;
            await repository.GetColdAsync(probeId);
            var before = database.ProbeReads;
            await repository.GetColdAsync(probeId);
            if (database.ProbeReads == before)
            {
                return run.Elapsed;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("Caching did not resume within 15 s of Redis starting again.");
    }

    private static async Task<int> CountKeysAsync(ConnectionMultiplexer multiplexer, RedisServer server, string pattern)
    {
        var count = 0;
        await foreach (var _ in multiplexer.GetServer(server.Endpoint).KeysAsync(pattern: pattern, pageSize: 1000))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string message)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, message);
            await Task.Delay(20);
        }
    }

    private void Report(TimeSpan elapsed, (long Start, long Duration)[] calls, long coldCalls, LoadDatabase database,
        List<(TimeSpan From, TimeSpan To)> downs, int hotKeysInRedis, ListLogger log)
    {
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        static string Percentiles(long[] sorted) => sorted.Length == 0
            ? "no calls"
            : string.Format(CultureInfo.InvariantCulture, "{0:N0} calls, p50 {1:F3} ms, p99 {2:F3} ms, p99.9 {3:F3} ms, max {4:F1} ms",
                sorted.Length, Ms(sorted[sorted.Length / 2]), Ms(sorted[(int)(sorted.Length * 0.99)]),
                Ms(sorted[(int)(sorted.Length * 0.999)]), Ms(sorted[^1]));

        var all = calls.Select(c => c.Duration).Order().ToArray();
        var aroundRestarts = calls
            .Where(c => downs.Any(d => c.Start >= d.From.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond
                && c.Start <= (d.To + TimeSpan.FromSeconds(2)).Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond))
            .Select(c => c.Duration).Order().ToArray();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} callers for {1:F1} s: {2:N0} calls/s", Callers, elapsed.TotalSeconds, calls.Length / elapsed.TotalSeconds));
        output.WriteLine("all calls: " + Percentiles(all));
        output.WriteLine("calls started from a kill until 2 s after caching resumed: " + Percentiles(aroundRestarts));
        foreach (var (from, to) in downs)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "killed at {0:F1} s, down {1:F1} s, caching resumed {2:F2} s after the kill", from.TotalSeconds, DownFor.TotalSeconds, (to - from).TotalSeconds));
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "hit ratio {0:P1}; core reads: hot {1:N0} (bound {2:N0} = {3} keys x {4} Redis lives), cold {5:N0} for {6:N0} cold calls",
            1 - ((double)(database.HotReads + database.ColdReads) / calls.Length), database.HotReads, HotKeys * (Restarts + 1), HotKeys, Restarts + 1, database.ColdReads, coldCalls));
        output.WriteLine($"hot keys in Redis at the end: {hotKeysInRedis}; log events: {string.Join(", ", log.EventNames.GroupBy(e => e).Select(g => $"{g.Key} x{g.Count()}"))}");
    }

    private sealed class CallerResult
    {
        public List<(long Start, long Duration)> Calls { get; } = new(capacity: 100_000);

        public List<string> Errors { get; } = new();

        public long ColdCalls { get; set; }

        public int WrongValues { get; set; }
    }
}
