using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Caching;
using StackExchange.Redis;

namespace CompressionBenchmarks;

/// <summary>
/// The end-to-end read of one entry from a redis-server on loopback: <c>TryGetAsync</c> (GET, decompress,
/// deserialize) of a 10 KB or 100 KB payload stored without compression and with LZ4, and the bare GET of the same
/// bytes (the network and Redis share of it).
/// </summary>
[MemoryDiagnoser]
public class RedisGetBenchmarks
{
    private ConnectionMultiplexer? _redis;
    private RedisCacheStore? _store;
    private CachePolicy<List<Order>>? _policy;
    private string _key = "";

    [Params(10240, 102400)]
    public int Size { get; set; }

    [Params(false, true)]
    public bool Lz4 { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable(Program.RedisVariable)
            ?? throw new InvalidOperationException($"{Program.RedisVariable} is not set: run the benchmarks through Program.Main, which starts redis-server.");
        _redis = await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=false");
        _store = new RedisCacheStore(_redis);
        _policy = new CachePolicy<List<Order>>("Bench.Orders", TimeSpan.FromHours(1), TimeSpan.Zero, 0xC0DE_0002,
            new JsonCacheSerializer<List<Order>>(PayloadJson.Default.ListOrder))
        {
            CompressAbove = Lz4 ? 1024 : 0,
        };
        _key = $"bench:compression:{Size}:{Lz4}";
        if (!await _store.SetAsync(_key, null, Payloads.Orders(Size), _policy))
        {
            throw new InvalidOperationException("The entry was not stored.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Benchmark]
    public async Task<int> TryGet()
    {
        var lookup = await _store!.TryGetAsync(_key, null, _policy!);
        return lookup.IsHit ? lookup.Value!.Count : throw new InvalidOperationException(lookup.Status.ToString());
    }

    [Benchmark]
    public async Task<long> RawGet() => ((ReadOnlyMemory<byte>)await _redis!.GetDatabase().StringGetAsync(_key)).Length;
}
