using System;
using System.Buffers;

namespace Caching;

/// <summary>
/// The serializer of a policy whose values are stored as hashes (<see cref="CachePolicy{T}.HashMapper"/>): its
/// <see cref="ICacheHashMapper{T}"/> writes and reads them, so nothing ever serializes to a string entry, and a
/// call here is a bug that must not pass silently.
/// </summary>
/// <typeparam name="T">The cached type.</typeparam>
public sealed class HashLayoutSerializer<T> : ICacheSerializer<T>
{
    /// <summary>The one instance.</summary>
    public static readonly HashLayoutSerializer<T> Instance = new();

    private HashLayoutSerializer()
    {
    }

    /// <inheritdoc/>
    public void Serialize(T value, IBufferWriter<byte> destination)
        => throw new NotSupportedException("This value is stored as a Redis hash (Layout = Hash), not as a string entry.");

    /// <inheritdoc/>
    public T Deserialize(ReadOnlySpan<byte> source)
        => throw new NotSupportedException("This value is stored as a Redis hash (Layout = Hash), not as a string entry.");
}
