using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace RealisticCode.Redis;

/// <summary>
/// A shopping cart: its lines in a hash and its version in a string. Both keys share the hash tag
/// <c>{cart:id}</c>, so transactions and multi-key reads stay in one cluster slot.
/// </summary>
public sealed class CartService(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan CartLifetime = TimeSpan.FromDays(7);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Adds to a line unless someone changed the cart since <paramref name="expectedVersion"/> (optimistic concurrency).</summary>
    public async Task<bool> AddLineAsync(string cartId, int productId, int quantity, long expectedVersion)
    {
        var lines = LinesKey(cartId);
        var version = VersionKey(cartId);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(expectedVersion == 0
            ? Condition.KeyNotExists(version)
            : Condition.StringEqual(version, expectedVersion));
        _ = transaction.HashIncrementAsync(lines, productId, quantity);
        _ = transaction.KeyExpireAsync(lines, CartLifetime);
        _ = transaction.StringSetAsync(version, expectedVersion + 1, CartLifetime);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Replaces every line at once; the hash and its expiry are set atomically (MULTI/EXEC).</summary>
    public async Task ReplaceLinesAsync(string cartId, IReadOnlyDictionary<int, int> quantities)
    {
        var lines = LinesKey(cartId);
        var entries = quantities.Select(q => new HashEntry(q.Key, q.Value)).ToArray();
        var transaction = Db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(lines);
        _ = transaction.HashSetAsync(lines, entries);
        _ = transaction.KeyExpireAsync(lines, CartLifetime);
        _ = transaction.StringIncrementAsync(VersionKey(cartId));
        _ = transaction.KeyExpireAsync(VersionKey(cartId), CartLifetime);
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException("The cart transaction was not committed.");
        }
    }

    public async Task<(IReadOnlyDictionary<int, int> Lines, long Version)> GetAsync(string cartId)
    {
        var entries = await Db.HashGetAllAsync(LinesKey(cartId));
        var version = await Db.StringGetAsync(VersionKey(cartId));
        var lines = entries.ToDictionary(e => (int)e.Name, e => (int)e.Value);
        return (lines, version.IsNull ? 0 : (long)version);
    }

    /// <summary>Two keys of one cart in one MGET: they share a hash tag, so one slot.</summary>
    public async Task<bool[]> ExistsAsync(string cartId)
    {
        var values = await Db.StringGetAsync(new RedisKey[] { VersionKey(cartId), CouponKey(cartId) });
        return values.Select(v => !v.IsNull).ToArray();
    }

    public async Task ApplyCouponAsync(string cartId, string coupon)
        => await Db.StringSetAsync(CouponKey(cartId), coupon, CartLifetime);

    public async Task<bool> ClearAsync(string cartId)
        => await Db.KeyDeleteAsync(new RedisKey[] { LinesKey(cartId), VersionKey(cartId), CouponKey(cartId) }) > 0;

    private static RedisKey LinesKey(string cartId) => string.Format(CultureInfo.InvariantCulture, "{{cart:{0}}}:lines", cartId);

    private static RedisKey VersionKey(string cartId) => string.Format(CultureInfo.InvariantCulture, "{{cart:{0}}}:version", cartId);

    private static RedisKey CouponKey(string cartId) => string.Format(CultureInfo.InvariantCulture, "{{cart:{0}}}:coupon", cartId);
}
