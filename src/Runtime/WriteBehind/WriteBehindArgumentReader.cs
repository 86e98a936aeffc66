using System;
using System.Buffers.Binary;

namespace Caching;

/// <summary>
/// Reads back what <see cref="WriteBehindArguments"/> wrote, in the same order and with the same serializers. A
/// payload that does not match (truncated, or queued by a version of the method with other parameters) throws
/// <see cref="FormatException"/>, so the call fails and, after its retries, reaches the dead-letter stream.
/// </summary>
public sealed class WriteBehindArgumentReader
{
    private readonly ReadOnlyMemory<byte> _payload;
    private int _position;

    /// <summary>Reads <paramref name="payload"/>.</summary>
    public WriteBehindArgumentReader(ReadOnlyMemory<byte> payload) => _payload = payload;

    /// <summary>Reads the next argument; <c>null</c> (or <c>default</c>) when <c>null</c> was written.</summary>
    /// <exception cref="FormatException">The payload ends before the argument does.</exception>
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

    /// <summary>Checks that every byte was read, so a payload with more arguments than the reader expects fails.</summary>
    /// <exception cref="FormatException">Bytes are left after the last argument read.</exception>
    public void EnsureEnd()
    {
        if (_position != _payload.Length)
        {
            throw new FormatException($"The write-behind arguments hold {_payload.Length - _position} bytes more than the arguments read.");
        }
    }
}
