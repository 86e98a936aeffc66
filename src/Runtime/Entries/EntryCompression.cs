using System;
using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace Caching;

/// <summary>
/// <c>CompressAbove</c>: the LZ4 block codec (K4os.Compression.LZ4, fastest level) over an entry's payload. A
/// compressed entry carries the <see cref="CacheEntryFlags.Compressed"/> flag and, as the last header extension, the
/// payload's uncompressed length (4 bytes LE), which the block format needs to decode and which bounds the buffer a
/// reader allocates. Why LZ4 and the threshold: <c>docs/design/compression.md</c>.
/// </summary>
internal static class EntryCompression
{
    /// <summary>The extension a compressed entry carries: the uncompressed payload length.</summary>
    public const int ExtensionSize = 4;

    // LZ4's densest output still spends one byte per 255 input bytes, so no valid block decodes to more than this
    // multiple of its size: a larger recorded length is corrupt, and rejecting it keeps a bad entry from making a
    // reader allocate up to 2 GB.
    private const int MaxRatio = 255;

    /// <summary>
    /// Compresses <paramref name="payload"/> when it is larger than <paramref name="threshold"/> bytes (0 = never)
    /// and LZ4 makes it smaller; otherwise null. The result is the compressed block.
    /// </summary>
    public static byte[]? TryCompress(ReadOnlySpan<byte> payload, int threshold, out int compressedLength)
    {
        compressedLength = 0;
        if (threshold <= 0 || payload.Length <= threshold)
        {
            return null;
        }

        var rented = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(payload.Length));
        var written = LZ4Codec.Encode(payload, rented, LZ4Level.L00_FAST);
        if (written <= 0 || written >= payload.Length)
        {
            // Incompressible (already compressed, random): storing it as it is costs nothing on read.
            ArrayPool<byte>.Shared.Return(rented);
            return null;
        }

        compressedLength = written;
        return rented;
    }

    /// <summary>Gives a buffer from <see cref="TryCompress"/> back to the pool.</summary>
    public static void Return(byte[] rented) => ArrayPool<byte>.Shared.Return(rented);

    /// <summary>
    /// Decompresses the block <paramref name="compressed"/> whose recorded uncompressed length is
    /// <paramref name="extension"/>'s value into a pooled buffer; false (never an exception) when the length is
    /// implausible or the block does not decode to exactly that many bytes.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> extension, ReadOnlySpan<byte> compressed, out byte[] rented, out int length)
    {
        rented = [];
        length = BinaryPrimitives.ReadInt32LittleEndian(extension);
        if (length <= compressed.Length || (long)length > (long)compressed.Length * MaxRatio + 16)
        {
            return false;
        }

        rented = ArrayPool<byte>.Shared.Rent(length);
        int decoded;
        try
        {
            decoded = LZ4Codec.Decode(compressed, rented.AsSpan(0, length));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            decoded = -1;
        }

        if (decoded != length)
        {
            ArrayPool<byte>.Shared.Return(rented);
            rented = [];
            return false;
        }

        return true;
    }
}
