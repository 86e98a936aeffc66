using System;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>
/// A generated [WriteBehind] method and its generated dispatch table, run by a real <see cref="WriteBehindWorker"/>
/// against a real redis-server and the cluster.
/// </summary>
public sealed class WriteBehindTests
{
    private static WriteBehindWorkerOptions FastWorker() => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        DrainTimeout = TimeSpan.FromSeconds(20),
    };

    internal static async Task ValueIsCachedAtOnce_CoreRunsLaterThroughTheWorker(RedisCacheStore store)
    {
        var db = new AccountDb();
        var repository = AccountApp.CreateRepository(store, db);
        await repository.GetAccountAsync(9);
        db.Seed(new Account(8, "other"));
        await repository.GetAccountAsync(8);

        await repository.SaveAccountLaterAsync(new Account(9, "queued"));

        // The call returned with the value cached and the database not written yet.
        Assert.Equal(0, db.Writes);
        Assert.Equal("queued", (await repository.TryGetAccountAsync(9)).Value!.Name);
        Assert.Equal(1, await store.Multiplexer.GetDatabase().StreamLengthAsync(store.WriteBehindStreamKey));

        await using (var worker = new WriteBehindWorker(store, AccountApp.WriteBehindHandlers(repository), FastWorker()))
        {
            await worker.StartAsync(default);
            await worker.StopAsync(default); // drains what is queued
            Assert.Equal(1, worker.ProcessedCount);
        }

        Assert.Equal(1, db.Writes);
        Assert.Equal("queued", db.Row(9)!.Name);
        Assert.Equal(0, await store.Multiplexer.GetDatabase().StreamLengthAsync(store.WriteBehindStreamKey));
        Assert.Equal("queued", (await repository.GetAccountAsync(9))!.Name);
        Assert.True((await repository.TryGetAccountAsync(8)).IsHit);
    }

    [Collection(RedisCollections.Server)]
    public sealed class OnOneServer(RedisServerFixture redis)
    {
        [Fact]
        public Task ValueIsCachedAtOnce_CoreRunsLaterThroughTheWorker()
            => WriteBehindTests.ValueIsCachedAtOnce_CoreRunsLaterThroughTheWorker(Stores.Create(redis.Multiplexer, out _));

        [Fact]
        public async Task CoreKeepsFailing_TheCallIsDeadLetteredWithItsError()
        {
            var store = Stores.Create(redis.Multiplexer, out _);
            var db = new AccountDb { WriteFailure = new InvalidOperationException("constraint violated") };
            var repository = AccountApp.CreateRepository(store, db);

            await repository.SaveAccountLaterAsync(new Account(1, "never"));
            var options = FastWorker();
            options.MaxAttempts = 3;
            await using (var worker = new WriteBehindWorker(store, AccountApp.WriteBehindHandlers(repository), options))
            {
                await worker.StartAsync(default);
                await worker.StopAsync(default);
                Assert.Equal(1, worker.DeadLetteredCount);
                var dead = Assert.Single(await redis.Database.StreamRangeAsync(worker.DeadLetterStreamKey));
                Assert.Contains(dead.Values, v => v.Value.ToString().Contains("constraint violated", StringComparison.Ordinal));
            }

            Assert.Equal(3, db.Writes);
        }

        [Fact]
        public async Task RedisDown_TheCoreRunsAtOnce_NoWriteIsLost()
        {
            var db = new AccountDb();
            using var dead = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200");
            var repository = AccountApp.CreateRepository(new RedisCacheStore(dead, new RedisCacheStoreOptions { OperationTimeout = TimeSpan.FromMilliseconds(200) }), db);

            await repository.SaveAccountLaterAsync(new Account(4, "direct"));

            Assert.Equal("direct", db.Row(4)!.Name);
        }
    }

    [Collection(RedisCollections.Cluster)]
    public sealed class OnTheCluster(RedisClusterFixture cluster)
    {
        [Fact]
        public Task ValueIsCachedAtOnce_CoreRunsLaterThroughTheWorker()
            => WriteBehindTests.ValueIsCachedAtOnce_CoreRunsLaterThroughTheWorker(Stores.Create(cluster.Multiplexer, out _));
    }
}
