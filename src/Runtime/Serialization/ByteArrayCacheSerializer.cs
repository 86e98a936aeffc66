using System;
using System.Buffers;

namespace Caching;

/// <summary>The raw fast path for <c>byte[]</c>: the bytes themselves.</summary>
public sealed class ByteArrayCacheSerializer : ICacheSerializer<byte[]>
{
    /// <summary>The one instance.</summary>
    public static readonly ByteArrayCacheSerializer Instance = new();

    private ByteArrayCacheSerializer()
    {
    }

    /// <inheritdoc/>
    public void Serialize(byte[] value, IBufferWriter<byte> destination) => destination.Write(value);

    /// <inheritdoc/>
    public byte[] Deserialize(ReadOnlySpan<byte> source) => source.ToArray();
}
