using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>Bad entries, core failures and cancellation, through generated code against a real redis-server.</summary>
[Collection(RedisCollections.Server)]
public sealed class FailureTests(RedisServerFixture redis)
{
    private readonly ProductDb _db = new();

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xCA, 1, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0x7B })]
    public async Task CorruptEntry_IsAMiss_AndIsOverwritten(byte[] garbage)
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);
        await repository.GetProductAsync(5);
        var key = redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":*").Single();
        await redis.Database.StringSetAsync(key, garbage, TimeSpan.FromMinutes(5));

        var afterCorruption = await repository.GetProductAsync(5);
        var afterOverwrite = await repository.GetProductAsync(5);

        Assert.Equal(new Product(5, "Product 5", 7.5m), afterCorruption);
        Assert.Equal(afterCorruption, afterOverwrite);
        Assert.Equal(2, _db.Calls);
        var raw = (byte[])(await redis.Database.StringGetAsync(key))!;
        Assert.Equal(0xCA, raw[0]);
    }

    [Fact]
    public async Task EntryWithValidHeaderButInvalidJson_IsAMiss_AndIsOverwritten()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);
        await repository.GetProductAsync(6);
        var key = redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":*").Single();
        var raw = (byte[])(await redis.Database.StringGetAsync(key))!;
        raw[^1] = (byte)'!';   // breaks the closing brace of the JSON payload, keeps the header intact
        await redis.Database.StringSetAsync(key, raw, TimeSpan.FromMinutes(5));

        Assert.Equal(6, (await repository.GetProductAsync(6))!.Id);
        Assert.Equal(6, (await repository.GetProductAsync(6))!.Id);
        Assert.Equal(2, _db.Calls);
    }

    [Fact]
    public async Task CoreException_ReachesTheCaller_AndNothingIsCached()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);
        _db.Find = (_, _) => throw new InvalidOperationException("database down");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => repository.GetProductAsync(1));

        Assert.Equal("database down", error.Message);
        Assert.Empty(redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":*"));
    }

    [Fact]
    public async Task PreCancelledToken_Throws_AndCallsNoCore()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out _), _db);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.GetProductAsync(1, new CancellationToken(canceled: true)));

        Assert.Equal(0, _db.Calls);
    }

    [Fact]
    public async Task CancelledWhileTheCoreRuns_Throws_AndCachesNothing()
    {
        var repository = ShopApp.CreateRepository(Stores.Create(redis.Multiplexer, out var prefix), _db);
        var coreStarted = new TaskCompletionSource();
        _db.Find = async (id, ct) =>
        {
            coreStarted.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        };
        using var cancellation = new CancellationTokenSource();

        var call = repository.GetProductAsync(3, cancellation.Token);
        await coreStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(redis.Multiplexer.GetServer(redis.Server.Endpoint).Keys(pattern: prefix + ":*"));
    }
}
