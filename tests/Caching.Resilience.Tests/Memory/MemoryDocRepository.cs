using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Memory;

/// <summary>A flat summary of a document, stored with <c>Layout = Hash</c> (a DEL, HSET, PEXPIRE script).</summary>
public sealed record MemoryDocCard(int Id, string Title);

/// <summary>A document as the database holds it.</summary>
public sealed record MemoryDoc(int Id, int Version, string Body);

[JsonSerializable(typeof(MemoryDoc))]
internal sealed partial class MemoryDocJson : JsonSerializerContext;

/// <summary>The database every process of a test shares.</summary>
public sealed class MemoryDocDatabase
{
    private readonly Dictionary<int, MemoryDoc> _rows = new();

    /// <summary>What the database holds for <paramref name="id"/> (version 1 until a write).</summary>
    public MemoryDoc Row(int id)
    {
        lock (_rows)
        {
            return _rows.TryGetValue(id, out var row) ? row : new MemoryDoc(id, 1, "body " + id);
        }
    }

    public void Put(MemoryDoc doc)
    {
        lock (_rows)
        {
            _rows[doc.Id] = doc;
        }
    }
}

/// <summary>
/// A repository over an in-memory "database", with every kind of Redis write the generator emits: cache-aside fills
/// (tagged, with L1), write-through, key and tag invalidation, write-behind. The counters say exactly how often each
/// core ran.
/// </summary>
[CacheDefaults(KeyPrefix = "mem", Ttl = 600, Jitter = 0)]
public sealed partial class MemoryDocRepository(MemoryDocDatabase database, ICacheStore cache)
{
    private int _reads;
    private int _writes;

    public int Reads => Volatile.Read(ref _reads);

    public int Writes => Volatile.Read(ref _writes);

    public MemoryDoc Row(int id) => database.Row(id);

    [Cached(Key = "doc:<id>", Tags = ["mem-docs", "mem-doc:<id>"], LocalTtl = 60)]
    public partial Task<MemoryDoc> GetDocAsync(int id, CancellationToken ct = default);

    private Task<MemoryDoc> GetDocCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(Row(id));
    }

    [WriteThrough(Key = "doc:<doc.Id>", Tags = ["mem-docs", "mem-doc:<doc.Id>"])]
    public partial Task SaveDocAsync(MemoryDoc doc);

    private Task SaveDocCoreAsync(MemoryDoc doc)
    {
        Interlocked.Increment(ref _writes);
        database.Put(doc);

        return Task.CompletedTask;
    }

    [WriteBehind(Key = "doc:<doc.Id>", Tags = ["mem-docs", "mem-doc:<doc.Id>"])]
    public partial Task SaveDocLaterAsync(MemoryDoc doc);

    private Task SaveDocLaterCoreAsync(MemoryDoc doc) => SaveDocCoreAsync(doc);

    [Invalidates(Key = "doc:<id>")]
    public partial Task DeleteDocAsync(int id);

    private Task DeleteDocCoreAsync(int id)
    {
        Interlocked.Increment(ref _writes);
        database.Put(new MemoryDoc(id, Row(id).Version + 1, "deleted"));

        return Task.CompletedTask;
    }

    [InvalidatesTag("mem-docs")]
    public partial Task RewriteAllAsync();

    private Task RewriteAllCoreAsync()
    {
        Interlocked.Increment(ref _writes);
        return Task.CompletedTask;
    }

    [Cached(Key = "card:<id>", Layout = CacheLayout.Hash)]
    public partial Task<MemoryDocCard?> GetCardAsync(int id, CancellationToken ct = default);

    private Task<MemoryDocCard?> GetCardCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult<MemoryDocCard?>(new MemoryDocCard(id, "card " + id));
    }

    [Cached(Key = "text:<id>", CompressAbove = 256)]
    public partial Task<string> GetTextAsync(int id, CancellationToken ct = default);

    private Task<string> GetTextCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(string.Concat(System.Linq.Enumerable.Repeat("text " + id + "; ", 200)));
    }
}
