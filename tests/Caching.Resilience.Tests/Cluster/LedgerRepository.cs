using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Cluster;

/// <summary>
/// The user's repository of the cluster scenarios, implemented by the generator: every shape whose Redis commands a
/// failover or a slot move can disturb (reads, multi-slot batches, write-through, key and tag invalidation, the
/// write-behind queue). Each key and each tag's stamp is one slot; a batch spans many.
/// </summary>
[CacheDefaults(KeyPrefix = "ledger", Ttl = 600, Jitter = 0)]
public sealed partial class LedgerRepository(ICacheStore cache, LedgerDb db)
{
    [Cached(Key = "item:<id>", Tags = ["items", "item:<id>"])]
    public partial Task<LedgerItem?> GetItemAsync(int id, CancellationToken ct = default);

    private Task<LedgerItem?> GetItemCoreAsync(int id, CancellationToken ct) => db.FindAsync(id);

    [CachedBatch(Key = "item:<id>", Tags = ["items", "item:<id>"])]
    public partial Task<IReadOnlyDictionary<int, LedgerItem?>> GetItemsAsync(IEnumerable<int> ids, CancellationToken ct = default);

    private Task<IReadOnlyDictionary<int, LedgerItem?>> GetItemsCoreAsync(IReadOnlyList<int> ids, CancellationToken ct) => db.FindManyAsync(ids);

    [WriteThrough(Key = "item:<item.Id>", Tags = ["items", "item:<item.Id>"])]
    public partial Task SaveItemAsync(LedgerItem item);

    private Task SaveItemCoreAsync(LedgerItem item) => db.SaveAsync(item);

    /// <summary>A new version in the database; the cached entry is invalidated by key.</summary>
    [Invalidates(Key = "item:<id>")]
    public partial Task<LedgerItem> BumpItemAsync(int id);

    private Task<LedgerItem> BumpItemCoreAsync(int id) => db.BumpAsync(id);

    /// <summary>A new version in the database; the cached entry is invalidated through its own tag.</summary>
    [InvalidatesTag("item:<id>")]
    public partial Task<LedgerItem> RenameItemAsync(int id);

    private Task<LedgerItem> RenameItemCoreAsync(int id) => db.BumpAsync(id);

    /// <summary>Every entry is invalidated (one stamp, on one slot) though no row changed: costs misses, never staleness.</summary>
    [InvalidatesTag("items")]
    public partial Task ReindexAsync();

    private Task ReindexCoreAsync() => Task.CompletedTask;

    [WriteBehind(Key = "item:<item.Id>", Tags = ["items", "item:<item.Id>"])]
    public partial Task SaveItemLaterAsync(LedgerItem item);

    private Task SaveItemLaterCoreAsync(LedgerItem item) => db.SaveLaterAsync(item);
}
