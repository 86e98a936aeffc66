using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.Restarts;

/// <summary>
/// Issue 8, "Lua scripts recover after SCRIPT FLUSH" (and after a restart, which also empties the script cache).
/// Every feature of the store that runs a script is used through one application instance (generated repository,
/// store with distributed fill, write-behind worker, primitives, rate limiter) three times: with the scripts cached
/// (the client sends EVALSHA), after a SCRIPT FLUSH sent over another connection (so the client still believes the
/// server has them: NOSCRIPT), and after kill -9 and a restart. Each time each feature must do its work: a fill
/// stored and hit, a fill lock released (its release is a script), a tag invalidation honoured by the tagged fill
/// script, a hash fill stored, a write-behind call run and completed (XACK+XDEL by script), exact counter values,
/// a limiter that refuses past its limit. No NOSCRIPT reaches the log.
/// </summary>
public sealed class ScriptRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RestartQuoteSource _source = new();
    private RedisServer? _server;
    private AppInstance? _app;
    private WriteBehindWorker? _worker;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _server!.DisposeAsync();
    }

    [Fact]
    public async Task EveryScriptedFeature_KeepsWorking_AfterScriptFlush_AndAfterARestart()
    {
        var app = _app = await AppInstance.StartAsync(_server!.Endpoint, _source, o => o.DistributedFill = new DistributedFillOptions { Enabled = true });
        _worker = new WriteBehindWorker(
            app.Store,
            RestartQuoteRepository.WriteBehindHandlers(app.Repository),
            new WriteBehindWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20), RedisRetryDelay = TimeSpan.FromMilliseconds(200) });
        await _worker.StartAsync(default);
        // Warm up first: the first calls of a test process compile the whole path (JIT) and, on the loaded machine,
        // can outlast the 500 ms operation timeout, which would make a miss of what this test counts as a hit.
        var warm = Stopwatch.StartNew();
        while (!await ReadyAsync(app))
        {
            Assert.True(warm.Elapsed < TimeSpan.FromSeconds(10), $"no hit within 10 s. Log:\n{app.Log}");
        }

        await ExerciseAsync(app, round: 1, "scripts cached");
        Assert.True(await ScriptsCachedAsync() >= 5, "the first round did not load the scripts");

        Assert.Equal("OK", await RedisProbe.SendAsync(_server.Port, TimeSpan.FromSeconds(5), "SCRIPT", "FLUSH"));
        Assert.Equal(0, await ScriptsCachedAsync());
        await ExerciseAsync(app, round: 2, "after SCRIPT FLUSH");

        await _server.StopAsync();
        await _server.StartAgainAsync();
        var clock = Stopwatch.StartNew();
        while (!await ReadyAsync(app))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"caching did not resume after the restart. Log:\n{app.Log}");
            await Task.Delay(20);
        }

        output.WriteLine($"restart: caching resumed {clock.Elapsed.TotalMilliseconds:F0} ms after Redis started");
        await ExerciseAsync(app, round: 3, "after a restart");

        Assert.DoesNotContain("NOSCRIPT", app.Log.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _worker.DeadLetteredCount);
    }

    private async Task ExerciseAsync(AppInstance app, int round, string when)
    {
        var repository = app.Repository;
        var database = app.Multiplexer.GetDatabase();
        var server = app.Multiplexer.GetServers()[0];
        var id = round * 100;

        // 1. A tagged fill through the fill script, with the distributed fill lock taken and released by script.
        var calls = _source.Calls;
        Assert.Equal(_source.Row(id), await repository.GetQuoteAsync(id));
        Assert.Equal(_source.Row(id), await repository.GetQuoteAsync(id));
        Assert.True(_source.Calls == calls + 1, $"{when}: the fill was not stored (core calls {_source.Calls - calls}). Log:\n{app.Log}");
        var locks = await KeysAsync(server, app.Store.KeyPrefix + "*#fill");
        Assert.True(locks.Length == 0, $"{when}: fill locks left behind: {string.Join(", ", locks)}");

        // 2. The tag invalidated: the entry is a miss, refilled (by the script, with the new tag digest) and hit.
        var v = _source.Bump(id);
        await repository.RepriceAllAsync();
        Assert.Equal(v, (await repository.GetQuoteAsync(id)).Version);
        Assert.Equal(v, (await repository.GetQuoteAsync(id)).Version);
        Assert.Equal(calls + 2, _source.Calls);

        // 3. A hash-layout fill (its own script), then a hit.
        Assert.Equal(_source.Row(id + 1).Text, (await repository.GetCardAsync(id + 1))!.Name);
        Assert.Equal(_source.Row(id + 1).Text, (await repository.GetCardAsync(id + 1))!.Name);
        Assert.True(_source.Calls == calls + 3, $"{when}: the hash fill was not stored. Log:\n{app.Log}");

        // 4. Write-behind: queued, run once by the worker, completed (acknowledged and deleted by script).
        var writes = _source.Writes;
        var processed = _worker!.ProcessedCount;
        await repository.SaveQuoteLaterAsync(new RestartQuote(id + 2, "saved in round " + round, 50 + round));
        var clock = Stopwatch.StartNew();
        while (_worker.ProcessedCount == processed || await database.StreamLengthAsync(app.Store.WriteBehindStreamKey) > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{when}: the write-behind call was not run and completed. Log:\n{app.Log}");
            await Task.Delay(10);
        }

        Assert.Equal(writes + 1, _source.Writes);
        var pending = await database.StreamPendingAsync(app.Store.WriteBehindStreamKey, _worker.ConsumerGroup);
        Assert.Equal(0, pending.PendingMessageCount);

        // 5. The primitives: exact counts and last-writer-wins by version.
        var counter = app.Store.KeyPrefix + "counter:" + round;
        Assert.Equal(1, await app.Store.IncrementAsync(counter, 1, TimeSpan.FromMinutes(1)));
        Assert.Equal(3, await app.Store.IncrementAsync(counter, 2, TimeSpan.FromMinutes(1)));
        var versioned = app.Store.KeyPrefix + "versioned:" + round;
        Assert.True(await app.Store.SetIfNewerAsync(versioned, 2, "two", TimeSpan.FromMinutes(1)));
        Assert.False(await app.Store.SetIfNewerAsync(versioned, 1, "one", TimeSpan.FromMinutes(1)));
        Assert.Equal("two", (string?)(await app.Store.GetVersionedAsync(versioned))!.Value.Value);

        // 6. The rate limiter's script (fail-open: a script that failed would grant the third permit).
        using var limiter = new RedisSlidingWindowRateLimiter(app.Store, new RedisSlidingWindowRateLimiterOptions
        {
            PermitLimit = 2, Window = TimeSpan.FromMinutes(1), Key = "limit:" + round,
        });
        var granted = 0;
        for (var i = 0; i < 3; i++)
        {
            using var lease = await limiter.AcquireAsync();
            granted += lease.IsAcquired ? 1 : 0;
        }

        Assert.True(granted == 2, $"{when}: the limiter granted {granted} of 3 with a limit of 2. Log:\n{app.Log}");
        output.WriteLine($"{when}: fill, fill lock, tag, hash fill, write-behind, primitives and rate limiter all worked; {await ScriptsCachedAsync()} scripts cached now");
    }

    // A hit on a fresh key after the restart: the connection is back and the breaker closed.
    private async Task<bool> ReadyAsync(AppInstance app)
    {
        await app.Repository.GetQuoteAsync(-1); // fills once Redis answers
        return await HitAsync(app);
    }

    private async Task<bool> HitAsync(AppInstance app)
    {
        var before = _source.CallsFor(-1);
        await app.Repository.GetQuoteAsync(-1);
        return _source.CallsFor(-1) == before;
    }

    private static async Task<string[]> KeysAsync(IServer server, string pattern)
    {
        var found = new System.Collections.Generic.List<string>();
        await foreach (var key in server.KeysAsync(pattern: pattern))
        {
            found.Add(key!);
        }

        return [.. found];
    }

    // How many scripts the server holds: INFO memory's number_of_cached_scripts.
    private async Task<int> ScriptsCachedAsync()
    {
        var info = await RedisProbe.SendAsync(_server!.Port, TimeSpan.FromSeconds(5), "INFO", "memory");
        var line = info!.Split('\n').Single(l => l.StartsWith("number_of_cached_scripts:", StringComparison.Ordinal));
        return int.Parse(line["number_of_cached_scripts:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
