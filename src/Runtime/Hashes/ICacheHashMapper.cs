using System;
using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// Maps a flat type to the fields of a Redis hash and back, with no reflection: the generator writes one per type
/// cached with <c>Layout = CacheLayout.Hash</c>. Values are formatted by <see cref="HashFields"/>.
/// </summary>
/// <typeparam name="T">The cached type.</typeparam>
public interface ICacheHashMapper<T>
{
    /// <summary>The field names, one per property (its C# name), in a fixed order.</summary>
    RedisValue[] Fields { get; }

    /// <summary>Writes each property of <paramref name="value"/> to <paramref name="destination"/>, in <see cref="Fields"/> order; <see cref="RedisValue.Null"/> for a null.</summary>
    void Write(T value, Span<RedisValue> destination);

    /// <summary>
    /// Builds a value from its property values in <see cref="Fields"/> order (<see cref="RedisValue.Null"/> for a
    /// null); false when one does not parse or is null for a property that cannot be.
    /// </summary>
    bool TryRead(ReadOnlySpan<RedisValue> values, [MaybeNullWhen(false)] out T value);
}
