using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Caching;

namespace CompressionBenchmarks;

/// <summary>
/// Encoding a whole entry (serialize + compress + header) and decoding it (decompress + deserialize) through the
/// runtime's entry codec, without compression and with LZ4 (<c>CompressAbove = 1</c>); Brotli at its fastest level
/// (quality 1) is the same steps done by hand, for comparison.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const uint Schema = 0xC0DE_0001;
    private static readonly ICacheSerializer<List<Order>> Serializer = new JsonCacheSerializer<List<Order>>(PayloadJson.Default.ListOrder);

    private List<Order> _orders = [];
    private byte[] _entry = [];
    private int _payloadLength;

    /// <summary>The JSON payload's size: 1 KB, 10 KB, 100 KB.</summary>
    [Params(1024, 10240, 102400)]
    public int Size { get; set; }

    /// <summary>None, LZ4 (the runtime's), Brotli (quality 1, by hand).</summary>
    [Params("None", "LZ4", "Brotli")]
    public string Codec { get; set; } = "None";

    [GlobalSetup]
    public void Setup()
    {
        _orders = Payloads.Orders(Size);
        _payloadLength = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_orders, PayloadJson.Default.ListOrder).Length;
        _entry = Encode();
    }

    [Benchmark]
    public byte[] Encode() => Codec switch
    {
        "None" => CacheEntryCodec.Encode(_orders, Serializer, Schema, long.MaxValue),
        "LZ4" => CacheEntryCodec.Encode(_orders, Serializer, Schema, long.MaxValue, compressAbove: 1),
        _ => BrotliEncode(_orders),
    };

    [Benchmark]
    public int Decode()
    {
        if (Codec == "Brotli")
        {
            return BrotliDecode(_entry).Count;
        }

        var status = CacheEntryCodec.TryDecode(_entry, Serializer, Schema, 0, null, out var value, out _);
        return status == CacheEntryStatus.Hit ? value!.Count : throw new InvalidOperationException(status.ToString());
    }

    // Serialize, compress with Brotli quality 1 into a pooled buffer, copy out with a 4-byte length in front.
    private static byte[] BrotliEncode(List<Order> orders)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serializer.Serialize(orders, buffer);
        var payload = buffer.WrittenSpan;
        var rented = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(payload.Length));
        if (!BrotliEncoder.TryCompress(payload, rented, out var written, quality: 1, window: 22))
        {
            throw new InvalidOperationException("Brotli failed.");
        }

        var entry = new byte[4 + written];
        BitConverter.TryWriteBytes(entry, payload.Length);
        rented.AsSpan(0, written).CopyTo(entry.AsSpan(4));
        ArrayPool<byte>.Shared.Return(rented);
        return entry;
    }

    private static List<Order> BrotliDecode(byte[] entry)
    {
        var length = BitConverter.ToInt32(entry, 0);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!BrotliDecoder.TryDecompress(entry.AsSpan(4), rented, out var written) || written != length)
            {
                throw new InvalidOperationException("Brotli failed.");
            }

            return Serializer.Deserialize(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The payload and stored sizes of one case, for the ratio table.</summary>
    public (int Payload, int Stored) Sizes() => (_payloadLength, _entry.Length);
}
