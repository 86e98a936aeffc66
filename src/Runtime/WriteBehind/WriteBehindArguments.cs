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

    /// <summary>Appends one argument.</summary>
    public WriteBehindArguments Write<T>(T value, ICacheSerializer<T> serializer)
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

/// <summary>Reads back what <see cref="WriteBehindArguments"/> wrote, in the same order.</summary>
public sealed class WriteBehindArgumentReader
{
    private readonly ReadOnlyMemory<byte> _payload;
    private int _position;

    /// <summary>Reads <paramref name="payload"/>.</summary>
    public WriteBehindArgumentReader(ReadOnlyMemory<byte> payload) => _payload = payload;

    /// <summary>Reads the next argument; throws <see cref="FormatException"/> when the payload is shorter than its lengths say.</summary>
    public T Read<T>(ICacheSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        var span = _payload.Span;
        if (span.Length - _position < 4)
        {
            throw new FormatException("The write-behind arguments end before the next argument.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(_position, 4));
        _position += 4;
        if (length == -1)
        {
            return default!;
        }

        if (length < 0 || length > span.Length - _position)
        {
            throw new FormatException("A write-behind argument is longer than the payload.");
        }

        var value = serializer.Deserialize(span.Slice(_position, length));
        _position += length;
        return value;
    }
}
