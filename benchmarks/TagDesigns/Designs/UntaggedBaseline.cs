using System;
using System.Linq;
using System.Threading.Tasks;
using Caching;

namespace TagDesigns.Designs;

/// <summary>
/// The same entries through the same <see cref="RedisCacheStore"/>, without tags: what every design's fills,
/// reads and memory are compared with. It has no invalidation by tag.
/// </summary>
internal sealed class UntaggedBaseline(RedisCacheStore store, CachePolicy<string> policy, string space) : ITagDesign
{
    public string Name => "untagged (baseline)";

    public string Bookkeeping => "none";

    public bool CanInvalidate => false;

    public string[] BookkeepingKeys(string tag) => [];

    public Task FillManyAsync(int first, int count, string tag)
        => store.WarmAsync(
            Enumerable.Range(first, count), i => BenchEntries.Key(space, i), null, policy, BenchEntries.Value,
            static (value, _, _) => ValueTask.FromResult(value)).AsTask();

    public async Task<bool> FillOneAsync(int index, string tag)
    {
        var created = false;
        await store.GetOrCreateAsync(BenchEntries.Key(space, index), null, policy, BenchEntries.Value, (value, _) =>
        {
            created = true;
            return ValueTask.FromResult(value);
        });
        return created;
    }

    public async Task<bool> ReadAsync(int index, string tag)
        => (await store.TryGetAsync(BenchEntries.Key(space, index), null, policy)).IsHit;

    public Task InvalidateAsync(string tag) => throw new NotSupportedException("The baseline has no tags.");
}
