using System;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using K4os.Compression.LZ4;

namespace CompressionBenchmarks;

/// <summary>
/// The codecs alone on the serialized JSON (no serializer, no header): LZ4 at the level the runtime uses (L00_FAST)
/// and Brotli quality 1, compress and decompress into preallocated buffers, so the figure is the codec's own cost.
/// </summary>
[MemoryDiagnoser]
public class CodecOnlyBenchmarks
{
    private byte[] _payload = [];
    private byte[] _lz4 = [];
    private byte[] _brotli = [];
    private byte[] _target = [];

    [Params(1024, 10240, 102400)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Payloads.Orders(Size), PayloadJson.Default.ListOrder);
        _target = new byte[Math.Max(LZ4Codec.MaximumOutputSize(_payload.Length), BrotliEncoder.GetMaxCompressedLength(_payload.Length))];
        _lz4 = _target.AsSpan(0, LZ4Codec.Encode(_payload, _target, LZ4Level.L00_FAST)).ToArray();
        BrotliEncoder.TryCompress(_payload, _target, out var written, quality: 1, window: 22);
        _brotli = _target.AsSpan(0, written).ToArray();
    }

    [Benchmark]
    public int Lz4Compress() => LZ4Codec.Encode(_payload, _target, LZ4Level.L00_FAST);

    [Benchmark]
    public int Lz4Decompress() => LZ4Codec.Decode(_lz4, _target);

    [Benchmark]
    public int BrotliCompress() => BrotliEncoder.TryCompress(_payload, _target, out var written, quality: 1, window: 22) ? written : -1;

    [Benchmark]
    public int BrotliDecompress() => BrotliDecoder.TryDecompress(_brotli, _target, out var written) ? written : -1;
}
