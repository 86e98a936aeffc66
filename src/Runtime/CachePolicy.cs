using System;

namespace Caching;

/// <summary>
/// How one cached method stores its values: time to live, jitter, the compile-time schema hash of the cached
/// type, and its serializer. Generated code creates one per method, once, in a static field.
/// </summary>
/// <typeparam name="T">The cached type.</typeparam>
public sealed class CachePolicy<T>
{
    /// <summary>Creates a policy.</summary>
    /// <param name="name">The cached method, as <c>Type.Method</c>, for logs and for the <c>cache.method</c> tag of metrics and traces: a fixed name, never one built from arguments.</param>
    /// <param name="ttl">Time to live; <see cref="TimeSpan.Zero"/> for the store's default (<see cref="RedisCacheStoreOptions.DefaultTtl"/>).</param>
    /// <param name="jitter">The most added at random to <paramref name="ttl"/>; zero or more.</param>
    /// <param name="schemaHash">The hash of the cached type's shape, computed at compile time.</param>
    /// <param name="serializer">The serializer for <typeparamref name="T"/>.</param>
    /// <param name="ttlFor">Decides each value's time to live in place of <paramref name="ttl"/> (adaptive TTL); zero or less means "do not cache".</param>
    public CachePolicy(string name, TimeSpan ttl, TimeSpan jitter, uint schemaHash, ICacheSerializer<T> serializer, Func<T, TimeSpan>? ttlFor = null)
    {
        if (ttl < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The time to live must be positive, or zero for the store's default.");
        }

        if (jitter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter must not be negative.");
        }

        Name = name ?? throw new ArgumentNullException(nameof(name));
        Telemetry = new CacheMethodTelemetry(name);
        Ttl = ttl;
        Jitter = jitter;
        SchemaHash = schemaHash;
        Serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        TtlFor = ttlFor;
    }

    /// <summary>The cached method, as <c>Type.Method</c>.</summary>
    public string Name { get; }

    // The metric tags of Name, built once: the name is compile-time, so they are few (docs/operations.md).
    internal CacheMethodTelemetry Telemetry { get; }

    /// <summary>Time to live; <see cref="TimeSpan.Zero"/> when the store's default applies (<see cref="UsesStoreTtl"/>).</summary>
    public TimeSpan Ttl { get; }

    /// <summary>
    /// Whether the code set no time to live, so the store's <see cref="RedisCacheStoreOptions.DefaultTtl"/> applies
    /// (and its <see cref="RedisCacheStoreOptions.DefaultJitter"/>, unless <see cref="Jitter"/> is set).
    /// </summary>
    public bool UsesStoreTtl => Ttl == TimeSpan.Zero;

    /// <summary>The most added at random to <see cref="Ttl"/>.</summary>
    public TimeSpan Jitter { get; }

    /// <summary>The hash of the cached type's shape.</summary>
    public uint SchemaHash { get; }

    /// <summary>The serializer for <typeparamref name="T"/>.</summary>
    public ICacheSerializer<T> Serializer { get; }

    /// <summary>The adaptive TTL hook, or null when every value lives <see cref="Ttl"/>.</summary>
    public Func<T, TimeSpan>? TtlFor { get; }

    /// <summary>
    /// Fail-safe: how long after its logical expiry a value may still be served when the core throws or exceeds
    /// <see cref="HardTimeout"/>. Entries live this much longer in Redis than their time to live. Zero (the default)
    /// turns fail-safe off.
    /// </summary>
    public TimeSpan FailSafe
    {
        get => _failSafe;
        init => _failSafe = NotNegative(value, nameof(FailSafe));
    }

    /// <summary>
    /// When a stale value is at hand (see <see cref="FailSafe"/>) and the core has not answered after this long, the
    /// stale value is returned and the core finishes in the background to refresh the entry. Zero (the default)
    /// waits for the core.
    /// </summary>
    public TimeSpan SoftTimeout
    {
        get => _softTimeout;
        init => _softTimeout = NotNegative(value, nameof(SoftTimeout));
    }

    /// <summary>
    /// When a stale value is at hand and the core has not answered after this long, the stale value is returned even
    /// without <see cref="SoftTimeout"/>; the core still finishes in the background. Zero (the default) waits for the core.
    /// </summary>
    public TimeSpan HardTimeout
    {
        get => _hardTimeout;
        init => _hardTimeout = NotNegative(value, nameof(HardTimeout));
    }

    /// <summary>
    /// Refresh-ahead: a hit on an entry older than this fraction of its time to live starts one background refresh
    /// through the core, so hot keys never expire in front of a caller. Zero (the default) turns it off; otherwise
    /// above 0 and below 1.
    /// </summary>
    public double RefreshAhead
    {
        get => _refreshAhead;
        init => _refreshAhead = value == 0 || (value > 0 && value < 1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(RefreshAhead), value, "RefreshAhead must be 0 (off) or above 0 and below 1.");
    }

    /// <summary>
    /// Compress a serialized value larger than this many bytes with LZ4, when that makes it smaller (the entry's
    /// header says so; see <c>docs/design/compression.md</c>). Zero (the default) never compresses.
    /// </summary>
    public int CompressAbove
    {
        get => _compressAbove;
        init => _compressAbove = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(CompressAbove), value, "CompressAbove must not be negative.");
    }

    /// <summary>
    /// <c>Layout = Hash</c>: maps a flat value to the fields of a Redis hash (generated); null (the default) stores
    /// one string entry. See <c>docs/design/hash-layout.md</c>.
    /// </summary>
    public ICacheHashMapper<T>? HashMapper { get; init; }

    private readonly int _compressAbove;
    private readonly TimeSpan _failSafe;
    private readonly TimeSpan _softTimeout;
    private readonly TimeSpan _hardTimeout;
    private readonly double _refreshAhead;

    private static TimeSpan NotNegative(TimeSpan value, string name)
        => value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, name + " must not be negative.");

    /// <summary>
    /// The expiry of <paramref name="value"/>: what <see cref="TtlFor"/> decides (or <see cref="Ttl"/>) plus a random
    /// share of <see cref="Jitter"/>; <see cref="TimeSpan.Zero"/> when the value must not be cached.
    /// </summary>
    public TimeSpan NextExpiry(T value) => NextExpiry(value, CachePolicyDefaults.Ttl, CachePolicyDefaults.Jitter);

    /// <summary>
    /// <see cref="NextExpiry(T)"/> with the store's defaults, which apply when the policy sets no time to live
    /// (<see cref="UsesStoreTtl"/>).
    /// </summary>
    public TimeSpan NextExpiry(T value, TimeSpan storeTtl, TimeSpan storeJitter)
    {
        if (TtlFor is null)
        {
            return UsesStoreTtl ? Draw(storeTtl, Jitter > TimeSpan.Zero ? Jitter : storeJitter) : NextExpiry();
        }

        var ttl = TtlFor(value);
        if (ttl <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return Draw(ttl, Jitter);
    }

    /// <summary>Draws an expiry uniformly from [<see cref="Ttl"/>, <see cref="Ttl"/> + <see cref="Jitter"/>], to the millisecond.</summary>
    public TimeSpan NextExpiry() => UsesStoreTtl ? Draw(CachePolicyDefaults.Ttl, Jitter > TimeSpan.Zero ? Jitter : CachePolicyDefaults.Jitter) : Draw(Ttl, Jitter);

    private static TimeSpan Draw(TimeSpan ttl, TimeSpan jitter)
    {
        var jitterMs = (long)jitter.TotalMilliseconds;
        return jitterMs == 0 ? ttl : ttl + TimeSpan.FromMilliseconds(Random.Shared.NextInt64(jitterMs + 1));
    }
}
