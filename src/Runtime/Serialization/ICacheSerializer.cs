using System;
using System.Buffers;

namespace Caching;

/// <summary>Turns a cached value into bytes and back, with no reflection.</summary>
/// <typeparam name="T">The cached type. <c>null</c> never reaches a serializer: the entry header records it.</typeparam>
public interface ICacheSerializer<T>
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    void Serialize(T value, IBufferWriter<byte> destination);

    /// <summary>Reads a value written by <see cref="Serialize"/>; throws when the bytes are not such a value.</summary>
    T Deserialize(ReadOnlySpan<byte> source);
}
