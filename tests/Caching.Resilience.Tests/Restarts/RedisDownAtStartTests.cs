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
/// Issue 8, "Redis down at start": the application (multiplexer with abortConnect=false, store, generated repository)
/// starts while no redis-server runs on its port. Every call answers with the core's value, at once and without an
/// exception; when Redis starts, caching resumes in the same process (no restart): a later call is a hit, its entry
/// is in Redis with a TTL, and L1 starts taking entries.
/// </summary>
public sealed class RedisDownAtStartTests(ITestOutputHelper output) : IAsyncLifetime
{
    // With no server connected a call is refused before it is sent (RedisCircuit.NotConnected), so it costs the core
    // alone; the bound is far below the 500 ms operation timeout and 2 s asyncTimeout it would cost without that.
    private static readonly TimeSpan DownCallBound = TimeSpan.FromMilliseconds(250);

    // Reconnect every 250 ms + a breaker break of 1 s (it opened on the refused calls) + a busy machine.
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(5);

    private readonly RestartQuoteSource _source = new();
    private RedisServer? _server;
    private AppInstance? _app;

    public Task InitializeAsync()
    {
        _server = RedisServer.NotStarted();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AppStartsWithRedisDown_TheCoreAnswersAtOnce_ThenCachingResumesWhenRedisStarts_WithoutARestart()
    {
        var app = _app = await AppInstance.StartAsync(_server!.Endpoint, _source);
        Assert.False(app.Multiplexer.IsConnected);
        var repository = app.Repository;

        // Redis down: 3 rounds over 20 ids (plain, tagged and L1 methods); every call is the core's, none throws.
        // The first round also compiles the code (JIT), so only the later rounds are held to the bound.
        var down = new Latencies();
        var firstRound = Stopwatch.StartNew();
        for (var id = 1; id <= 20; id++)
        {
            Assert.Equal(_source.Row(id), await repository.GetQuoteAsync(id));
            Assert.Equal(_source.Row(100 + id), await repository.GetLocalQuoteAsync(100 + id));
        }

        output.WriteLine($"Redis down, first round (JIT included): {firstRound.Elapsed.TotalMilliseconds:F0} ms for 40 calls");
        for (var round = 1; round < 3; round++)
        {
            for (var id = 1; id <= 20; id++)
            {
                var clock = Stopwatch.StartNew();
                Assert.Equal(_source.Row(id), await repository.GetQuoteAsync(id));
                down.Add(clock.Elapsed);
                clock.Restart();
                Assert.Equal(_source.Row(100 + id), await repository.GetLocalQuoteAsync(100 + id));
                down.Add(clock.Elapsed);
            }
        }

        output.WriteLine($"Redis down: {down}");
        Assert.Equal(120, _source.Calls); // nothing could be cached: each of the 120 calls ran the core
        Assert.True(TimeSpan.FromMilliseconds(down.Max) < DownCallBound, $"a call with Redis down took {down.Max} ms. Log:\n{app.Log}");
        Assert.False(app.Store.LocalReady);

        // Redis appears. The same process goes on calling id 1 every 20 ms; the first call that does not reach the
        // core is the first hit: caching has resumed.
        await _server.StartAgainAsync();
        var sinceStart = Stopwatch.StartNew();
        TimeSpan? firstFill = null;
        TimeSpan? firstHit = null;
        while (sinceStart.Elapsed < ResumeBound + ResumeBound && firstHit is null)
        {
            var before = _source.CallsFor(1);
            Assert.Equal(_source.Row(1), await repository.GetQuoteAsync(1));
            if (_source.CallsFor(1) == before)
            {
                firstHit = sinceStart.Elapsed;
            }
            else if (app.Multiplexer.IsConnected && firstFill is null && await EntryExistsAsync(app, "quote:1"))
            {
                firstFill = sinceStart.Elapsed;
            }

            await Task.Delay(20);
        }

        output.WriteLine($"Redis started: connected, first entry stored after {firstFill?.TotalMilliseconds:F0} ms, first hit after {firstHit?.TotalMilliseconds:F0} ms");
        output.WriteLine("breaker: " + string.Join(", ", new[] { "CircuitOpened", "CircuitHalfOpen", "CircuitClosed" }.Select(n => n + " x" + app.Events.Count(n))));
        Assert.True(firstHit is not null, $"no hit within {ResumeBound + ResumeBound} of Redis starting. Log:\n{app.Log}");
        Assert.True(firstHit < ResumeBound, $"caching resumed only {firstHit} after Redis started. Log:\n{app.Log}");

        // Now a steady cache: a miss fills, the next call hits; the entry has a TTL (no key without one).
        var coreCalls = _source.Calls;
        for (var id = 2; id <= 20; id++)
        {
            await repository.GetQuoteAsync(id);
            Assert.Equal(_source.Row(id), await repository.GetQuoteAsync(id));
        }

        Assert.Equal(coreCalls + 19, _source.Calls);
        var database = app.Multiplexer.GetDatabase();
        var keys = await app.EntryKeysAsync(database, app.Multiplexer.GetServers()[0], "quote:*");
        Assert.Equal(20, keys.Length);
        foreach (var key in keys)
        {
            var ttl = await database.KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= TimeSpan.FromSeconds(300), $"{key} has TTL {ttl}");
        }

        // L1 resumes too: once the store's subscription carries its probe, an entry is taken and served from memory
        // even after its Redis copy is deleted behind the store's back.
        var ready = Stopwatch.StartNew();
        while (!app.Store.LocalReady && ready.Elapsed < ResumeBound)
        {
            await Task.Delay(10);
        }

        output.WriteLine($"L1 ready {sinceStart.Elapsed.TotalMilliseconds:F0} ms after Redis started");
        Assert.True(app.Store.LocalReady, $"L1 never became ready. Log:\n{app.Log}");
        await repository.GetLocalQuoteAsync(101);
        foreach (var key in await app.EntryKeysAsync(database, app.Multiplexer.GetServers()[0], "local:*"))
        {
            await database.KeyDeleteAsync(key);
        }

        var localCalls = _source.CallsFor(101);
        Assert.Equal(_source.Row(101), await repository.GetLocalQuoteAsync(101));
        Assert.Equal(localCalls, _source.CallsFor(101));
    }

    private static async Task<bool> EntryExistsAsync(AppInstance app, string keyStart)
    {
        try
        {
            return (await app.EntryKeysAsync(app.Multiplexer.GetDatabase(), app.Multiplexer.GetServers()[0], keyStart)).Length > 0;
        }
        catch (RedisException)
        {
            return false;
        }
    }
}
