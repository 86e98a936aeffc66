using System;
using System.Buffers;

namespace Caching;

/// <summary>Serializes <c>T?</c> for a value type through the serializer of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The underlying value type.</typeparam>
public sealed class NullableCacheSerializer<T> : ICacheSerializer<T?> where T : struct
{
    private readonly ICacheSerializer<T> _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public NullableCacheSerializer(ICacheSerializer<T> inner) => _inner = inner;

    /// <inheritdoc/>
    public void Serialize(T? value, IBufferWriter<byte> destination)
        => _inner.Serialize(value ?? throw new ArgumentNullException(nameof(value)), destination);

    /// <inheritdoc/>
    public T? Deserialize(ReadOnlySpan<byte> source) => _inner.Deserialize(source);
}
