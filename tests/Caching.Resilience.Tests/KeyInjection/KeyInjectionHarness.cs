using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// What every key-injection test needs: a store with its own key prefix on the shared private redis-server, the
/// key the generated code builds for one call (seen through <see cref="KeyRecordingStore"/>), and the keys under
/// the prefix as SCAN sees them.
/// </summary>
internal sealed class KeyInjectionHarness
{
    private readonly IConnectionMultiplexer _multiplexer;

    public KeyInjectionHarness(RedisServerFixture redis)
        : this(redis.Multiplexer)
    {
    }

    /// <summary>A harness on any connection: a single server or a cluster.</summary>
    public KeyInjectionHarness(IConnectionMultiplexer multiplexer)
    {
        _multiplexer = multiplexer;
        Prefix = "ki-" + Guid.NewGuid().ToString("N")[..12] + ":";
        Store = new RedisCacheStore(multiplexer, new RedisCacheStoreOptions { KeyPrefix = Prefix });
    }

    public string Prefix { get; }

    public RedisCacheStore Store { get; }

    /// <summary>The one key the generated code passed to the store during <paramref name="call"/>.</summary>
    public async Task<string> KeyOfAsync<TRepository>(Func<ICacheStore, TRepository> create, Func<TRepository, Task> call)
    {
        var recorder = new KeyRecordingStore(Store);
        await call(create(recorder));
        var keys = new List<string>();
        foreach (var (kind, value) in recorder.Take())
        {
            if (kind == "key")
            {
                keys.Add(value);
            }
        }

        Assert.Single(keys);
        return keys[0];
    }

    /// <summary>Every key under this harness's prefix on every primary, by SCAN (never KEYS), as the raw bytes Redis holds.</summary>
    public async Task<HashSet<string>> ScanAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in _multiplexer.GetServers())
        {
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: CacheKeyPattern.EscapeGlob(Prefix) + "*", pageSize: 1000))
            {
                keys.Add(Bytes((byte[])key!));
            }
        }

        return keys;
    }

    /// <summary>A key as Redis sees it: its UTF-8 bytes (hex), so two keys that differ only in unencodable text compare equal.</summary>
    public static string Bytes(string key) => Convert.ToHexString(StrictUtf8.GetBytes(key));

    public static string Bytes(byte[] key) => Convert.ToHexString(key);

    /// <summary>Throws on a lone surrogate: a key must survive the trip to Redis unchanged.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
