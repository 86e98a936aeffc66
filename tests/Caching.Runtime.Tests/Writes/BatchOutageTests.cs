using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Runtime.Tests.Writes;

/// <summary>
/// Batches and warming when Redis is down or stalls: the core answers, the caller gets every value quickly, and
/// nothing is thrown. Each test has its own server because it stops or pauses it.
/// </summary>
public sealed class BatchOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    private readonly ListLogger _log = new();
    private readonly CachePolicy<string> _policy = Policies.String();
    private RedisServer? _server;
    private ConnectionMultiplexer? _multiplexer;
    private bool _paused;

    private RedisServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var options = _server.CreateOptions();
        options.ConnectTimeout = 500;
        // The client's own timeout well above the store's, so that only the store's OperationTimeout bounds a wait.
        options.AsyncTimeout = 10_000;
        _multiplexer = await _server.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_paused)
        {
            // Let the held scripts finish, so closing the multiplexer does not wait for their replies.
            await RedisProbe.SendAsync(Server.Port, TimeSpan.FromSeconds(5), "CLIENT", "UNPAUSE");
        }

        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Batch_WhenRedisIsDown_CallsTheCoreForEveryId_AndReturnsTheValues()
    {
        var store = NewStore();
        var prefix = Policies.UniqueKey("batch-down") + ":";
        var ids = Enumerable.Range(1, 25).ToArray();
        await Server.StopAsync();
        var core = new RecordingBatchCore();

        var clock = Stopwatch.StartNew();
        var values = await store.GetOrCreateManyAsync(ids, id => prefix + id, null, _policy, core, static (c, misses, ct) => c.LoadAsync(misses, ct));
        clock.Stop();

        Assert.Equal(ids, Assert.Single(core.Calls).Order());
        Assert.Equal(ids.ToDictionary(id => id, RecordingBatchCore.ValueOf), values);
        Assert.Contains("ReadFailed", _log.EventNames);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Warm_WhenRedisIsDown_StoresNothing_AndDoesNotThrow()
    {
        var store = NewStore();
        var prefix = Policies.UniqueKey("warm-down") + ":";
        await Server.StopAsync();
        var calls = 0;

        var stored = await store.WarmAsync(Enumerable.Range(1, 10), id => prefix + id, null, _policy, 0, (_, id, _) =>
        {
            calls++;
            return ValueTask.FromResult(RecordingBatchCore.ValueOf(id));
        });

        Assert.Equal(0, stored);
        Assert.Equal(10, calls);
    }

    [Fact]
    public async Task Batch_WhenRedisStallsTheWrites_WaitsOneTimeoutForTheWholePipeline_NotOnePerMiss()
    {
        // CLIENT PAUSE WRITE holds every script (each may write) but lets the MGET through: the batch reads, calls
        // the core, sends its twenty fills in one pipeline, and then no reply comes. The caller must get its values
        // after about one OperationTimeout, not twenty of them one after the other.
        var store = NewStore();
        var prefix = Policies.UniqueKey("batch-stalled") + ":";
        var ids = Enumerable.Range(1, 20).ToArray();
        await PauseWritesAsync();

        var clock = Stopwatch.StartNew();
        var values = await store.GetOrCreateManyAsync(ids, id => prefix + id, null, _policy, new RecordingBatchCore(), static (c, misses, ct) => c.LoadAsync(misses, ct));
        clock.Stop();

        Assert.Equal(20, values.Count);
        Assert.True(clock.Elapsed < Timeout * 8, $"took {clock.Elapsed} for 20 stalled writes with a {Timeout.TotalMilliseconds} ms timeout. Log:\n{_log}");
        Assert.Contains("WriteFailed", _log.EventNames);
    }

    [Fact]
    public async Task Warm_WhenRedisStallsTheWrites_WaitsOneTimeoutPerChunk_NotOnePerItem()
    {
        var store = NewStore();
        var prefix = Policies.UniqueKey("warm-stalled") + ":";
        await PauseWritesAsync();

        var clock = Stopwatch.StartNew();
        var stored = await store.WarmAsync(Enumerable.Range(1, 20), id => prefix + id, null, _policy, 0,
            static (_, id, _) => ValueTask.FromResult(RecordingBatchCore.ValueOf(id)));
        clock.Stop();

        Assert.Equal(0, stored);
        Assert.True(clock.Elapsed < Timeout * 8, $"took {clock.Elapsed} for 20 stalled writes with a {Timeout.TotalMilliseconds} ms timeout. Log:\n{_log}");
    }

    private RedisCacheStore NewStore() => new(_multiplexer!, new RedisCacheStoreOptions { OperationTimeout = Timeout }, _log);

    private async Task PauseWritesAsync()
    {
        // Longer than any test here; DisposeAsync lifts it.
        Assert.Equal("OK", await RedisProbe.SendAsync(Server.Port, TimeSpan.FromSeconds(5), "CLIENT", "PAUSE", "60000", "WRITE"));
        _paused = true;
        // Reads still go through: the MGET of the batch is answered.
        Assert.True((await _multiplexer!.GetDatabase().StringGetAsync(["a", "b"])).All(v => v.IsNull));
    }
}
