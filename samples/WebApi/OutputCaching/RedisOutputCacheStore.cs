using Caching;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace WebApi.OutputCaching;

/// <summary>
/// ASP.NET Core output caching on the same Redis as the repositories: responses go through the runtime's
/// <see cref="RedisDistributedCache"/> (so under the store's key prefix, with the response's lifetime as TTL), and each
/// tag is a Redis set of the entries carrying it, which <see cref="EvictByTagAsync"/> deletes. Output caching has its
/// own store interface, not <c>IDistributedCache</c>, and the runtime does not reference ASP.NET Core (worker services
/// and console apps would then need its shared framework), so this small adapter lives with the application.
/// </summary>
internal sealed class RedisOutputCacheStore(RedisDistributedCache cache, RedisCacheStore store) : IOutputCacheStore
{
    private const string EntryPrefix = "outputcache:";
    private const string TagPrefix = "outputcache-tag:";

    private IDatabase Database => store.Multiplexer.GetDatabase();

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
        => await cache.GetAsync(EntryPrefix + key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        await cache.SetAsync(EntryPrefix + key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = validFor }, cancellationToken);
        foreach (var tag in tags ?? [])
        {
            // The tag's set lives as long as its longest-lived entry: set the TTL when it has none, extend it otherwise.
            var tagKey = TagKey(tag);
            var batch = Database.CreateBatch();
            var added = batch.SetAddAsync(tagKey, key);
            var first = batch.KeyExpireAsync(tagKey, validFor, ExpireWhen.HasNoExpiry);
            var longer = batch.KeyExpireAsync(tagKey, validFor, ExpireWhen.GreaterThanCurrentExpiry);
            batch.Execute();
            await Task.WhenAll(added, first, longer).WaitAsync(cancellationToken);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        var tagKey = TagKey(tag);
        foreach (var member in await Database.SetMembersAsync(tagKey).WaitAsync(cancellationToken))
        {
            await cache.RemoveAsync(EntryPrefix + member, cancellationToken);
        }

        await Database.KeyDeleteAsync(tagKey).WaitAsync(cancellationToken);
    }

    private RedisKey TagKey(string tag) => store.KeyPrefix + TagPrefix + tag;
}
