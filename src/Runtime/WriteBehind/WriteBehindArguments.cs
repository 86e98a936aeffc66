using System;
using System.Buffers;
using System.Buffers.Binary;

namespace Caching;

/// <summary>
/// Writes the arguments of a write-behind call, in order, each with its own serializer (the same, reflection-free
/// serializers as cached values): a 4-byte little-endian length (-1 for null) and the bytes.
/// Generated code writes them; <see cref="WriteBehindArgumentReader"/> reads them back in the same order.
/// </summary>
public sealed class WriteBehindArguments
{
    private readonly ArrayBufferWriter<byte> _buffer = new(128);

    /// <summary>Appends one argument; <c>null</c> is recorded as such and never reaches <paramref name="serializer"/>.</summary>
    public WriteBehindArguments Write<T>(T? value, ICacheSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        var lengthAt = _buffer.WrittenCount;
        _buffer.GetSpan(4);
        _buffer.Advance(4);
        var length = -1;
        if (value is not null)
        {
            serializer.Serialize(value, _buffer);
            length = _buffer.WrittenCount - lengthAt - 4;
        }

        // ArrayBufferWriter exposes its written memory; patch the length in place.
        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory);
        BinaryPrimitives.WriteInt32LittleEndian(written.Span.Slice(lengthAt, 4), length);
        return this;
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> ToMemory() => _buffer.WrittenMemory;
}
