using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>Reads many independent keys: pipelined with a batch (or Task.WhenAll), never one await per key.</summary>
public sealed class DashboardReader(IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyDictionary<string, long>> CountersAsync(IReadOnlyList<string> names)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var reads = names.Select(name => batch.StringGetAsync("counter:" + name)).ToList();
        batch.Execute();
        var values = await Task.WhenAll(reads);
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second.IsNull ? 0 : (long)p.Second);
    }

    public async Task<(long Visitors, long Orders, TimeSpan? VisitorsTtl)> SummaryAsync(string day)
    {
        var db = redis.GetDatabase();
        var visitors = db.HyperLogLogLengthAsync("visitors:" + day);
        var orders = db.StringGetAsync("orders-count:" + day);
        var ttl = db.KeyTimeToLiveAsync("visitors:" + day);
        await Task.WhenAll(visitors, orders, ttl);
        return (await visitors, (await orders).IsNull ? 0 : (long)await orders, await ttl);
    }

    public async Task RecordVisitAsync(string day, string visitorId)
    {
        var key = (RedisKey)("visitors:" + day);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HyperLogLogAddAsync(key, visitorId);
        _ = transaction.KeyExpireAsync(key, TimeSpan.FromDays(30));
        await transaction.ExecuteAsync();
    }

    public async Task<long> CountOrderAsync(string day)
    {
        var key = (RedisKey)("orders-count:" + day);
        var transaction = redis.GetDatabase().CreateTransaction();
        var count = transaction.StringIncrementAsync(key);
        _ = transaction.KeyExpireAsync(key, TimeSpan.FromDays(30));
        await transaction.ExecuteAsync();
        return await count;
    }

    public async Task<string> AppendActivityAsync(string userId, string action)
    {
        var id = await redis.GetDatabase().StreamAddAsync(
            "activity",
            new[] { new NameValueEntry("user", userId), new NameValueEntry("action", action) },
            maxLength: 10_000,
            useApproximateMaxLength: true);
        return id.ToString();
    }
}
