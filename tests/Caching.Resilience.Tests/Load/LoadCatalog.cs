using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Load;

/// <summary>The value the load test caches.</summary>
public sealed record LoadItem(long Id, string Name);

[JsonSerializable(typeof(LoadItem))]
internal sealed partial class LoadJson : JsonSerializerContext;

/// <summary>The source of truth behind <see cref="LoadRepository"/>: it counts its reads and takes a millisecond each.</summary>
public sealed class LoadDatabase
{
    /// <summary>Ids from here on are the test's own probes, counted apart from the callers' cold reads.</summary>
    public const long FirstProbeId = 2_000_000_000L;

    private long _hotReads;
    private long _coldReads;
    private long _probeReads;

    /// <summary>Reads of the hot set, the ones the cache should absorb.</summary>
    public long HotReads => Interlocked.Read(ref _hotReads);

    /// <summary>Reads of keys asked once each, which are always misses.</summary>
    public long ColdReads => Interlocked.Read(ref _coldReads);

    /// <summary>Reads for the probes that tell when caching resumed after a restart.</summary>
    public long ProbeReads => Interlocked.Read(ref _probeReads);

    public static LoadItem Expected(long id) => new(id, "item " + id);

    public async Task<LoadItem?> ReadHotAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _hotReads);
        await Task.Delay(1, ct).ConfigureAwait(false);
        return Expected(id);
    }

    public async Task<LoadItem?> ReadColdAsync(long id, CancellationToken ct)
    {
        Interlocked.Increment(ref id >= FirstProbeId ? ref _probeReads : ref _coldReads);
        await Task.Delay(1, ct).ConfigureAwait(false);
        return Expected(id);
    }
}

/// <summary>
/// The hot set is read through L1 with invalidation over pub/sub, as an application would configure a read-mostly
/// catalogue; the cold reads go to Redis and the core every time.
/// </summary>
[CacheDefaults(KeyPrefix = "load", Ttl = 600, Jitter = 30)]
public sealed partial class LoadRepository(ICacheStore cache, LoadDatabase db)
{
    [Cached(Key = "hot:<id>", LocalTtl = 300, LocalCapacity = 4096)]
    public partial Task<LoadItem?> GetHotAsync(int id, CancellationToken ct = default);

    private Task<LoadItem?> GetHotCoreAsync(int id, CancellationToken ct) => db.ReadHotAsync(id, ct);

    [Cached(Key = "cold:<id>")]
    public partial Task<LoadItem?> GetColdAsync(long id, CancellationToken ct = default);

    private Task<LoadItem?> GetColdCoreAsync(long id, CancellationToken ct) => db.ReadColdAsync(id, ct);
}
