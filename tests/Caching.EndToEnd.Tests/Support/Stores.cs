using System;
using StackExchange.Redis;

namespace Caching.EndToEnd.Tests.Support;

/// <summary>Stores with a prefix of their own, so tests sharing one Redis never see each other's keys.</summary>
internal static class Stores
{
    public static RedisCacheStore Create(IConnectionMultiplexer multiplexer, out string prefix, TimeSpan? operationTimeout = null)
    {
        prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        return new RedisCacheStore(multiplexer, new RedisCacheStoreOptions
        {
            KeyPrefix = prefix,
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(2),
        });
    }
}
