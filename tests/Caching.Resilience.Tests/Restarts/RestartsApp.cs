using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Restarts;

/// <summary>A cached value of the restart scenarios: <see cref="Version"/> tells an old copy from a new one.</summary>
public sealed record RestartQuote(int Id, string Text, long Version);

/// <summary>A flat value stored as a Redis hash (its fill is a Lua script of its own).</summary>
public sealed record RestartCard(int Id, string Name, long Version);

[JsonSerializable(typeof(RestartQuote))]
[JsonSerializable(typeof(RestartCard))]
internal sealed partial class RestartsJson : JsonSerializerContext;

/// <summary>
/// The "database" behind <see cref="RestartQuoteRepository"/>: counts every core call per id, can hold cores at a
/// gate (a request parked between its miss and its write), and can change a row (a new version) to catch stale reads.
/// </summary>
public sealed class RestartQuoteSource
{
    private readonly ConcurrentDictionary<int, long> _versions = new();
    private readonly ConcurrentDictionary<int, int> _callsById = new();
    private int _calls;
    private int _writes;
    private volatile TaskCompletionSource? _gate;

    /// <summary>Every core call (reads) so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Write-behind core calls so far.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Core calls for one id.</summary>
    public int CallsFor(int id) => _callsById.TryGetValue(id, out var n) ? n : 0;

    /// <summary>The current row for <paramref name="id"/>.</summary>
    public RestartQuote Row(int id)
    {
        var version = _versions.GetOrAdd(id, 1);
        return new RestartQuote(id, "quote " + id + " v" + version, version);
    }

    /// <summary>Changes the row (the database moved on), returning the new version.</summary>
    public long Bump(int id) => _versions.AddOrUpdate(id, 2, static (_, v) => v + 1);

    /// <summary>From now on every read core waits at the gate until <see cref="OpenGate"/>.</summary>
    public void CloseGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every core held at the gate go on.</summary>
    public void OpenGate()
    {
        var gate = _gate;
        _gate = null;
        gate?.TrySetResult();
    }

    /// <summary>How many cores are waiting at the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    private int _waiting;

    /// <summary>The read core: counts, waits at the gate if one is closed, and returns the current row.</summary>
    public async Task<RestartQuote> LoadAsync(int id)
    {
        Interlocked.Increment(ref _calls);
        _callsById.AddOrUpdate(id, 1, static (_, n) => n + 1);
        if (_gate is { } gate)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await gate.Task.ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        return Row(id);
    }

    /// <summary>The write-behind core: the row is saved (counted once per call).</summary>
    public Task SaveAsync(RestartQuote quote)
    {
        Interlocked.Increment(ref _writes);
        _versions[quote.Id] = quote.Version;
        return Task.CompletedTask;
    }
}

/// <summary>
/// A user's repository, implemented by the generator: plain cache-aside with a tag, L1 in front of Redis, a hash
/// layout, a key and a tag invalidation and a write-behind save. Each instance with its own store stands for one
/// application instance.
/// </summary>
[CacheDefaults(KeyPrefix = "restarts", Ttl = 300, Jitter = 0)]
public sealed partial class RestartQuoteRepository(ICacheStore cache, RestartQuoteSource source)
{
    [Cached(Key = "quote:<id>", Tags = ["quotes"])]
    public partial Task<RestartQuote> GetQuoteAsync(int id, CancellationToken ct = default);

    private Task<RestartQuote> GetQuoteCoreAsync(int id, CancellationToken ct) => source.LoadAsync(id);

    [Cached(Key = "local:<id>", LocalTtl = 120)]
    public partial Task<RestartQuote> GetLocalQuoteAsync(int id, CancellationToken ct = default);

    private Task<RestartQuote> GetLocalQuoteCoreAsync(int id, CancellationToken ct) => source.LoadAsync(id);

    [Invalidates(Key = "local:<id>")]
    public partial Task ForgetLocalQuoteAsync(int id);

    private Task ForgetLocalQuoteCoreAsync(int id) => Task.CompletedTask;

    [InvalidatesTag("quotes")]
    public partial Task RepriceAllAsync();

    private Task RepriceAllCoreAsync() => Task.CompletedTask;

    [Cached(Key = "card:<id>", Layout = CacheLayout.Hash)]
    public partial Task<RestartCard?> GetCardAsync(int id);

    private async Task<RestartCard?> GetCardCoreAsync(int id)
    {
        var row = await source.LoadAsync(id).ConfigureAwait(false);
        return new RestartCard(id, row.Text, row.Version);
    }

    [WriteBehind(Key = "quote:<quote.Id>", Tags = ["quotes"])]
    public partial Task SaveQuoteLaterAsync(RestartQuote quote);

    private Task SaveQuoteLaterCoreAsync(RestartQuote quote) => source.SaveAsync(quote);
}
