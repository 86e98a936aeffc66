using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>Redis going away never fails a call: the core answers, and caching resumes when Redis is back.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task RedisStopped_TheCoreAnswers_ThenCachingResumes()
    {
        await using var server = await RedisServer.StartAsync();
        await using var multiplexer = await server.ConnectAsync();
        var db = new ProductDb();
        var repository = ShopApp.CreateRepository(Stores.Create(multiplexer, out _, TimeSpan.FromMilliseconds(300)), db);
        await repository.GetProductAsync(1);
        Assert.Equal(1, db.Calls);

        await server.StopAsync();
        var watch = Stopwatch.StartNew();
        var whileDown = await repository.GetProductAsync(1);
        var syncWhileDown = repository.GetName(1);

        Assert.Equal(new Product(1, "Product 1", 1.5m), whileDown);
        Assert.Equal("Name 1", syncWhileDown);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"a call with Redis down took {watch.Elapsed}");

        await server.StartAgainAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var hits = 0;
        while (hits == 0 && DateTime.UtcNow < deadline)
        {
            var before = db.Calls;
            await repository.GetProductAsync(2);
            await repository.GetProductAsync(2);
            hits = db.Calls - before < 2 ? 1 : 0;
            await Task.Delay(200);
        }

        Assert.True(hits > 0, "caching did not resume after Redis came back");
    }
}
