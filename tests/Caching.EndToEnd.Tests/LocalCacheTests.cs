using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>
/// Generated methods with LocalTtl against real redis-server processes: hits from process memory, and the
/// generated writes and invalidations of one "process" (its own multiplexer, store and repository) evict the L1
/// of another, also after Redis restarts. Its own server: a test kills it.
/// </summary>
public sealed class LocalCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    private readonly AccountDb _db = new();
    private readonly string _prefix = "l" + Guid.NewGuid().ToString("N")[..12];
    private RedisServer? _server;
    private ConnectionMultiplexer? _connectionA;
    private ConnectionMultiplexer? _connectionB;
    private RedisCacheStore? _storeA;
    private RedisCacheStore? _storeB;

    private ILocalAccountRepository A { get; set; } = null!;

    private ILocalAccountRepository B { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        (_connectionA, _storeA) = await ConnectAsync();
        (_connectionB, _storeB) = await ConnectAsync();
        A = LocalApp.CreateRepository(_storeA, _db);
        B = LocalApp.CreateRepository(_storeB, _db);
        _db.Seed(new Account(1, "ada"), new Account(2, "bob"));
    }

    public async Task DisposeAsync()
    {
        _connectionA?.Dispose();
        _connectionB?.Dispose();
        await _server!.DisposeAsync();
    }

    [Fact]
    public async Task Hits_AreServedFromProcessMemory_ForTypedAndStringKeyedAndSynchronousMethods()
    {
        await ReadyAsync();
        var before = _db.Reads;
        var day = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal("ada", (await A.GetAccountAsync(1))!.Name);
        Assert.Equal("ada@6", await A.GetNameOnAsync(1, day));
        Assert.Equal("ADA", A.GetLabel(1));
        Assert.Equal(before + 3, _db.Reads);

        // Redis emptied by hand (no invalidation is published): L1 still answers, without the database.
        await _connectionA!.GetServers()[0].FlushDatabaseAsync();
        Assert.Equal("ada", (await A.GetAccountAsync(1))!.Name);
        Assert.Equal("ada@6", await A.GetNameOnAsync(1, day));
        Assert.Equal("ADA", A.GetLabel(1));
        Assert.Equal(before + 3, _db.Reads);

        // Another day formats to another key: its own entry.
        Assert.Equal("ada@7", await A.GetNameOnAsync(1, day.AddDays(1)));
        Assert.Equal(before + 4, _db.Reads);
    }

    [Fact]
    public async Task StoreWithLocalCacheOff_ReadsRedisEveryTime_AndTheCoreAfterRedisIsEmptied()
    {
        var store = new RedisCacheStore(_connectionA!, new RedisCacheStoreOptions { KeyPrefix = _prefix + "off", LocalCache = false });
        var repository = LocalApp.CreateRepository(store, _db);
        var before = _db.Reads;

        Assert.Equal("ada", (await repository.GetAccountAsync(1))!.Name);
        Assert.Equal("ada", (await repository.GetAccountAsync(1))!.Name); // a Redis hit
        Assert.Equal(before + 1, _db.Reads);

        // With L1 on, the value would still be served from memory; off, the emptied Redis sends the read to the core.
        await _connectionA!.GetServers()[0].FlushDatabaseAsync();
        Assert.Equal("ada", (await repository.GetAccountAsync(1))!.Name);
        Assert.Equal(before + 2, _db.Reads);
    }

    [Fact]
    public async Task InvalidatesInOneProcess_EvictsTheOtherProcessesL1()
    {
        await FillBothAsync(1);

        _db.Seed(new Account(1, "ada2"));
        await A.DeleteAccountAsync(1); // [Invalidates] account:<id> and label:<id>

        await EventuallyAsync(async () => (await B.GetAccountAsync(1)) is null, "B still serves account 1 from L1");
        await EventuallyAsync(() => Task.FromResult(B.GetLabel(1) is null), "B still serves label 1 from L1");
    }

    [Fact]
    public async Task WriteThroughAndTagInvalidationInOneProcess_ReachTheOtherProcessesL1()
    {
        await FillBothAsync(2);

        await A.SaveAccountAsync(new Account(2, "bobby"));
        await EventuallyAsync(async () => (await B.GetAccountAsync(2))!.Name == "bobby", "B missed the write-through");

        await A.RenameAllAsync("!");
        await EventuallyAsync(async () => (await B.GetAccountAsync(2))!.Name == "bobby!", "B missed the tag invalidation");
    }

    [Fact]
    public async Task AfterRedisRestarts_InvalidationsStillReachTheOtherProcess()
    {
        await FillBothAsync(1);
        await _server!.StopAsync();
        await _server.StartAgainAsync();
        var clock = Stopwatch.StartNew();
        while (!_storeA!.LocalReady || !_storeB!.LocalReady)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the L1 subscriptions did not come back");
            await Task.Delay(20);
        }

        await FillBothAsync(1);
        _db.Seed(new Account(1, "after"));
        await A.DeleteAccountAsync(1);
        _db.Seed(new Account(1, "after"));
        await EventuallyAsync(async () => (await B.GetAccountAsync(1))?.Name == "after", "after the restart, B still serves the old account 1");
    }

    private async Task<(ConnectionMultiplexer, RedisCacheStore)> ConnectAsync()
    {
        var connection = await _server!.ConnectAsync();
        return (connection, new RedisCacheStore(connection, new RedisCacheStoreOptions { KeyPrefix = _prefix, OperationTimeout = TimeSpan.FromMilliseconds(500) }));
    }

    // L1 takes entries once each store's subscription is up; until then every call goes to Redis.
    private async Task ReadyAsync()
    {
        A.GetLabel(-1);
        B.GetLabel(-1);
        var clock = Stopwatch.StartNew();
        while (!_storeA!.LocalReady || !_storeB!.LocalReady)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the L1 subscriptions never came up");
            await Task.Delay(10);
        }
    }

    // Both processes hold the account and its label in L1: a second round reads nothing from the database.
    private async Task FillBothAsync(int id)
    {
        await ReadyAsync();
        await A.GetAccountAsync(id);
        await B.GetAccountAsync(id);
        A.GetLabel(id);
        B.GetLabel(id);
        var reads = _db.Reads;
        await _connectionA!.GetServers()[0].FlushDatabaseAsync();
        await A.GetAccountAsync(id);
        await B.GetAccountAsync(id);
        A.GetLabel(id);
        B.GetLabel(id);
        Assert.Equal(reads, _db.Reads);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Propagation, what);
            await Task.Delay(10);
        }
    }
}
