using System;
using System.Diagnostics.Metrics;

namespace Caching;

/// <summary>Settings of a <see cref="RedisCacheStore"/>.</summary>
public sealed class RedisCacheStoreOptions
{
    /// <summary>
    /// An application prefix put before every key, so that several applications can share one Redis and an ACL
    /// can confine this one to its keys (<c>"myapp"</c> gives <c>myapp:shop:user:42…</c>). Empty for none; a
    /// colon is added when missing.
    /// </summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>The Redis database number; -1 for the multiplexer's default.</summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// How long an asynchronous call waits for Redis before it treats the cache as unavailable and lets the core
    /// answer; independent of the core's own duration. Null (the default) leaves it to the multiplexer's own
    /// <c>asyncTimeout</c> (set it in the connection string, as in <c>asyncTimeout=1000</c>), which costs nothing per
    /// call. Set it to bound calls tighter than the multiplexer does, at the cost of a timer per Redis call (measured:
    /// about a fifth of the throughput of 50 concurrent callers on two cores, <c>docs/benchmarks.md</c>). Synchronous
    /// calls use the multiplexer's <c>syncTimeout</c>.
    /// </summary>
    public TimeSpan? OperationTimeout { get; set; }

    /// <summary>
    /// How long a fill (a miss, the core, then the write) may take and still be stored. A slower fill is returned
    /// but not cached. Invalidations leave a marker that lives twice this long, which is what stops a fill that
    /// read the database before an invalidation or a write-through from storing the older value after it.
    /// </summary>
    public TimeSpan InvalidationWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a tagged entry lives in Redis; longer expiries are shortened to it. A tag's invalidation stamp
    /// lives this long plus twice <see cref="InvalidationWindow"/>, so it outlives every entry it invalidates and
    /// no bookkeeping is kept forever.
    /// </summary>
    public TimeSpan MaxTaggedEntryTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The circuit breaker around Redis: after enough timeouts or connection failures every Redis call is skipped
    /// for a while, so a dead or hung Redis costs no per-call timeout. On by default.
    /// </summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>
    /// Distributed single-flight: concurrent misses on one key in several processes call the core once between
    /// them, through a short Redis lock. Off by default (<see cref="DistributedFillOptions.Enabled"/>).
    /// </summary>
    public DistributedFillOptions DistributedFill { get; set; } = new();

    /// <summary>
    /// The time to live of methods whose attribute and type (<c>[CacheDefaults]</c>) set no <c>Ttl</c>: 5 minutes by
    /// default. A <c>Ttl</c> written in code always wins, so the compile-time checks of it still hold.
    /// </summary>
    public TimeSpan DefaultTtl { get; set; } = CachePolicyDefaults.Ttl;

    /// <summary>
    /// The jitter added to <see cref="DefaultTtl"/> (a random share of it, so entries written together do not expire
    /// together): 30 seconds by default; a method's own non-zero <c>Jitter</c> wins. Must be less than <see cref="DefaultTtl"/>.
    /// </summary>
    public TimeSpan DefaultJitter { get; set; } = CachePolicyDefaults.Jitter;

    /// <summary>
    /// Whether the L1 (in-process) caches of methods with <c>LocalTtl</c> are used with this store; true by default.
    /// False turns every method's L1 off for this store without a rebuild, for example in a deployment where
    /// in-process copies are not wanted: each read then goes to Redis.
    /// </summary>
    public bool LocalCache { get; set; } = true;

    /// <summary>
    /// The most failed invalidations (keys, tags, patterns, or their messages to other processes' L1) kept to be
    /// replayed once Redis answers again; 10,000 by default. Past it a failure is logged and its entries may be served
    /// until they expire, as with 0, which turns replays off.
    /// </summary>
    public int MaxPendingInvalidations { get; set; } = 10_000;

    /// <summary>The clock for logical expiry; replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// A Redis failure that repeats (a read, write or invalidation failing while Redis is down or slow) is logged at
    /// most once per this interval for each kind of failure, with the number held back since the last line; 10 seconds
    /// by default. <see cref="TimeSpan.Zero"/> logs every one.
    /// </summary>
    public TimeSpan RepeatedFailureLogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Creates the store's meter (<see cref="CachingTelemetry.MeterName"/>), so its metrics belong to a container
    /// (<c>AddRedisCaching</c> passes the container's). Null (the default) uses one meter shared by the process;
    /// OpenTelemetry's <c>AddMeter(CachingTelemetry.MeterName)</c> collects both.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }
}
