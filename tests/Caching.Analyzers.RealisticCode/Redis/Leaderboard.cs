using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>A daily leaderboard in a sorted set, with its expiry set in the same transaction as the scores.</summary>
public sealed class Leaderboard(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    private IDatabase Db => redis.GetDatabase();

    public async Task<double> AddScoreAsync(string day, string player, double points)
    {
        var key = Key(day);
        var transaction = Db.CreateTransaction();
        var score = transaction.SortedSetIncrementAsync(key, player, points);
        _ = transaction.KeyExpireAsync(key, Retention);
        await transaction.ExecuteAsync();
        return await score;
    }

    public async Task<IReadOnlyList<(string Player, double Score)>> TopAsync(string day, int count)
    {
        var entries = await Db.SortedSetRangeByRankWithScoresAsync(Key(day), 0, count - 1, Order.Descending);
        return entries.Select(e => (e.Element.ToString(), e.Score)).ToList();
    }

    public async Task<long?> RankAsync(string day, string player)
        => await Db.SortedSetRankAsync(Key(day), player, Order.Descending);

    private static RedisKey Key(string day) => "leaderboard:" + day;
}
