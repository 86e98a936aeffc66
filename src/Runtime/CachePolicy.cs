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
    /// <param name="name">The cached method, as <c>Type.Method</c>, for logs.</param>
    /// <param name="ttl">Time to live; must be positive.</param>
    /// <param name="jitter">The most added at random to <paramref name="ttl"/>; zero or more.</param>
    /// <param name="schemaHash">The hash of the cached type's shape, computed at compile time.</param>
    /// <param name="serializer">The serializer for <typeparamref name="T"/>.</param>
    /// <param name="ttlFor">Decides each value's time to live in place of <paramref name="ttl"/> (adaptive TTL); zero or less means "do not cache".</param>
    public CachePolicy(string name, TimeSpan ttl, TimeSpan jitter, uint schemaHash, ICacheSerializer<T> serializer, Func<T, TimeSpan>? ttlFor = null)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The time to live must be positive.");
        }

        if (jitter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter must not be negative.");
        }

        Name = name ?? throw new ArgumentNullException(nameof(name));
        Ttl = ttl;
        Jitter = jitter;
        SchemaHash = schemaHash;
        Serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        TtlFor = ttlFor;
    }

    /// <summary>The cached method, as <c>Type.Method</c>.</summary>
    public string Name { get; }

    /// <summary>Time to live.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>The most added at random to <see cref="Ttl"/>.</summary>
    public TimeSpan Jitter { get; }

    /// <summary>The hash of the cached type's shape.</summary>
    public uint SchemaHash { get; }

    /// <summary>The serializer for <typeparamref name="T"/>.</summary>
    public ICacheSerializer<T> Serializer { get; }

    /// <summary>The adaptive TTL hook, or null when every value lives <see cref="Ttl"/>.</summary>
    public Func<T, TimeSpan>? TtlFor { get; }

    /// <summary>
    /// The expiry of <paramref name="value"/>: what <see cref="TtlFor"/> decides (or <see cref="Ttl"/>) plus a random
    /// share of <see cref="Jitter"/>; <see cref="TimeSpan.Zero"/> when the value must not be cached.
    /// </summary>
    public TimeSpan NextExpiry(T value)
    {
        if (TtlFor is null)
        {
            return NextExpiry();
        }

        var ttl = TtlFor(value);
        if (ttl <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var jitterMs = (long)Jitter.TotalMilliseconds;
        return jitterMs == 0 ? ttl : ttl + TimeSpan.FromMilliseconds(Random.Shared.NextInt64(jitterMs + 1));
    }

    /// <summary>Draws an expiry uniformly from [<see cref="Ttl"/>, <see cref="Ttl"/> + <see cref="Jitter"/>], to the millisecond.</summary>
    public TimeSpan NextExpiry()
    {
        var jitterMs = (long)Jitter.TotalMilliseconds;
        return jitterMs == 0 ? Ttl : Ttl + TimeSpan.FromMilliseconds(Random.Shared.NextInt64(jitterMs + 1));
    }
}
