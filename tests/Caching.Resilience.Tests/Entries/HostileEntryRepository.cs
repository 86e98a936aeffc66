using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Entries;

/// <summary>A JSON-stored value; <see cref="Note"/> makes it as long as a test needs (a big reply to cut, a block to compress).</summary>
public sealed record HostileItem(int Id, string Name, string Note);

/// <summary>A flat value stored with <c>Layout = Hash</c>.</summary>
public sealed record HostileCard(int Id, string Name, long Points);

[JsonSerializable(typeof(HostileItem))]
internal sealed partial class HostileEntriesJson : JsonSerializerContext;

/// <summary>
/// Every storage shape a hostile entry can meet, as a user writes them: the plain string layout, the same with LZ4
/// compression, the hash layout, and the string layout behind an L1. Each core counts its calls, so a test knows
/// exactly which call was a miss.
/// </summary>
[CacheDefaults(KeyPrefix = "hostile", Ttl = 600, Jitter = 0)]
public sealed partial class HostileEntryRepository(ICacheStore cache)
{
    private int _itemCalls;
    private int _bigCalls;
    private int _cardCalls;
    private int _localCalls;
    private int _taggedCalls;
    private int _syncCalls;
    private int _batchCalls;

    public int ItemCalls => Volatile.Read(ref _itemCalls);

    public int BigCalls => Volatile.Read(ref _bigCalls);

    public int CardCalls => Volatile.Read(ref _cardCalls);

    public int LocalCalls => Volatile.Read(ref _localCalls);

    public int TaggedCalls => Volatile.Read(ref _taggedCalls);

    public int SyncCalls => Volatile.Read(ref _syncCalls);

    /// <summary>How many ids the batch core was asked for, in all.</summary>
    public int BatchCalls => Volatile.Read(ref _batchCalls);

    /// <summary>The value each core returns for <paramref name="id"/>; <paramref name="noteLength"/> characters of note.</summary>
    public static HostileItem Item(int id, int noteLength = 40)
        => new(id, "item " + id, string.Concat(Enumerable.Repeat("note " + id + "; ", noteLength / 8 + 1))[..noteLength]);

    public static HostileCard Card(int id) => new(id, "card " + id, id * 1000L);

    /// <summary>How long the notes of <see cref="GetItemAsync"/> are (a test sets it before the first call).</summary>
    public int NoteLength { get; set; } = 40;

    [Cached(Key = "item:<id>")]
    public partial Task<HostileItem> GetItemAsync(int id, CancellationToken ct = default);

    private Task<HostileItem> GetItemCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _itemCalls);
        return Task.FromResult(Item(id, NoteLength));
    }

    [Cached(Key = "big:<id>", CompressAbove = 256)]
    public partial Task<HostileItem> GetBigItemAsync(int id, CancellationToken ct = default);

    private Task<HostileItem> GetBigItemCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _bigCalls);
        return Task.FromResult(Item(id, 4000));
    }

    [Cached(Key = "card:<id>", Layout = CacheLayout.Hash)]
    public partial Task<HostileCard?> GetCardAsync(int id, CancellationToken ct = default);

    private Task<HostileCard?> GetCardCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _cardCalls);
        return Task.FromResult<HostileCard?>(Card(id));
    }

    [Cached(Key = "local:<id>", LocalTtl = 60)]
    public partial Task<HostileItem> GetLocalItemAsync(int id, CancellationToken ct = default);

    private Task<HostileItem> GetLocalItemCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _localCalls);
        return Task.FromResult(Item(id));
    }

    /// <summary>Tagged: the entry is read with its tag's stamp in one MGET, which answers nil for a key of another type.</summary>
    [Cached(Key = "tagged:<id>", Tags = ["hostile-items"])]
    public partial Task<HostileItem> GetTaggedItemAsync(int id, CancellationToken ct = default);

    private Task<HostileItem> GetTaggedItemCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _taggedCalls);
        return Task.FromResult(Item(id));
    }

    /// <summary>A synchronous method: the store's synchronous read and fill.</summary>
    [Cached(Key = "sync:<id>")]
    public partial HostileItem GetItemNow(int id);

    private HostileItem GetItemNowCore(int id)
    {
        Interlocked.Increment(ref _syncCalls);
        return Item(id);
    }

    /// <summary>A batch: one MGET (nil for a key of another type), the fills pipelined as scripts.</summary>
    [CachedBatch(Key = "many:<id>")]
    public partial Task<IReadOnlyDictionary<int, HostileItem?>> GetItemsAsync(IEnumerable<int> ids);

    private Task<IReadOnlyDictionary<int, HostileItem?>> GetItemsCoreAsync(IReadOnlyList<int> ids)
    {
        Interlocked.Add(ref _batchCalls, ids.Count);
        return Task.FromResult<IReadOnlyDictionary<int, HostileItem?>>(ids.ToDictionary(id => id, id => (HostileItem?)Item(id)));
    }
}
