using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Entries;

/// <summary>The previous version of <see cref="HostileItem"/>: one property fewer, so another schema hash.</summary>
public sealed record HostileItemV1(int Id, string Name);

[JsonSerializable(typeof(HostileItemV1))]
internal sealed partial class HostileEntriesV1Json : JsonSerializerContext;

/// <summary>
/// The repository as the previous deploy compiled it: same type prefix, same key template, an older shape of the
/// value. Its entries are what the new deploy finds in Redis after an upgrade.
/// </summary>
[CacheDefaults(KeyPrefix = "hostile", Ttl = 600, Jitter = 0)]
public sealed partial class HostileEntryRepositoryV1(ICacheStore cache)
{
    private int _itemCalls;

    public int ItemCalls => Volatile.Read(ref _itemCalls);

    [Cached(Key = "item:<id>")]
    public partial Task<HostileItemV1> GetItemAsync(int id, CancellationToken ct = default);

    private Task<HostileItemV1> GetItemCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _itemCalls);
        return Task.FromResult(new HostileItemV1(id, "old item " + id));
    }
}
