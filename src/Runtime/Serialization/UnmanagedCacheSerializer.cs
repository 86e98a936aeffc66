using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Caching;

/// <summary>
/// The raw fast path for fixed-size values (numbers, <c>bool</c>, <c>char</c>, enums, <c>Guid</c>,
/// <c>DateTime</c>, <c>DateTimeOffset</c>, <c>TimeSpan</c>, <c>decimal</c>, <c>DateOnly</c>, <c>TimeOnly</c>): the
/// value's bytes as they are in memory. Every platform .NET runs on is little-endian, so entries move between
/// machines; a payload of the wrong length is rejected.
/// </summary>
/// <typeparam name="T">An unmanaged type.</typeparam>
public sealed class UnmanagedCacheSerializer<T> : ICacheSerializer<T> where T : unmanaged
{
    /// <summary>The one instance.</summary>
    public static readonly UnmanagedCacheSerializer<T> Instance = new();

    private UnmanagedCacheSerializer()
    {
    }

    /// <inheritdoc/>
    public void Serialize(T value, IBufferWriter<byte> destination)
    {
        var size = Unsafe.SizeOf<T>();
        MemoryMarshal.Write(destination.GetSpan(size), in value);
        destination.Advance(size);
    }

    /// <inheritdoc/>
    public T Deserialize(ReadOnlySpan<byte> source)
    {
        if (source.Length != Unsafe.SizeOf<T>())
        {
            throw new FormatException($"Expected {Unsafe.SizeOf<T>()} bytes for {typeof(T).Name}, found {source.Length}.");
        }

        return MemoryMarshal.Read<T>(source);
    }
}
