using System;
using System.Linq;
using System.Threading.Tasks;
using Caching;

namespace TagDesigns.Designs;

/// <summary>
/// The chosen design, through the real <see cref="RedisCacheStore"/>: one stamp key per tag, replaced by each
/// invalidation; a tagged entry carries the digest of its tags' stamps and a reader compares it with the stamps it
/// reads in the same round trip.
/// </summary>
internal sealed class StampDesign(RedisCacheStore store, CachePolicy<string> policy, string space) : ITagDesign
{
    public string Name => "stamps (chosen)";

    public string Bookkeeping => "one stamp key per tag (16 B), TTL = MaxTaggedEntryTtl + 2 x InvalidationWindow; 8 B digest in each entry";

    public bool CanInvalidate => true;

    // The runtime's stamp key layout (src/Runtime/Tags/TagStamps.cs), repeated here because it is internal.
    public string[] BookkeepingKeys(string tag) => [store.KeyPrefix + "tag:" + tag + "#tag"];

    public Task FillManyAsync(int first, int count, string tag)
    {
        string[] tags = [tag];
        return store.WarmAsync(
            Enumerable.Range(first, count), i => BenchEntries.Key(space, i), _ => tags, policy, BenchEntries.Value,
            static (value, _, _) => ValueTask.FromResult(value)).AsTask();
    }

    public async Task<bool> FillOneAsync(int index, string tag)
    {
        var created = false;
        await store.GetOrCreateAsync(BenchEntries.Key(space, index), [tag], policy, BenchEntries.Value, (value, _) =>
        {
            created = true;
            return ValueTask.FromResult(value);
        });
        return created;
    }

    public async Task<bool> ReadAsync(int index, string tag)
        => (await store.TryGetAsync(BenchEntries.Key(space, index), [tag], policy)).IsHit;

    public Task InvalidateAsync(string tag) => store.InvalidateTagAsync(tag).AsTask();
}
