using System;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>
/// The calls the worker tests queue: an order id and a note, written as generated code writes arguments.
/// </summary>
internal static class TestCalls
{
    public const string HandlerId = "Tests.Orders.SaveOrderLaterAsync";

    public static ReadOnlyMemory<byte> Arguments(int orderId, string? note = null)
        => new WriteBehindArguments()
            .Write(orderId, UnmanagedCacheSerializer<int>.Instance)
            .Write(note, StringCacheSerializer.Instance)
            .ToMemory();

    public static (int OrderId, string? Note) Read(ReadOnlyMemory<byte> arguments)
    {
        var reader = new WriteBehindArgumentReader(arguments);
        var orderId = reader.Read(UnmanagedCacheSerializer<int>.Instance);
        var note = reader.Read(StringCacheSerializer.Instance);
        reader.EnsureEnd();
        return (orderId, note);
    }

    /// <summary>A store over <paramref name="multiplexer"/> with a key prefix of its own, so each test has its own stream.</summary>
    public static RedisCacheStore NewStore(StackExchange.Redis.IConnectionMultiplexer multiplexer, TimeSpan? operationTimeout = null)
        => new(multiplexer, new RedisCacheStoreOptions
        {
            KeyPrefix = "wb-" + Guid.NewGuid().ToString("N")[..12],
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(2),
        });

    /// <summary>Short waits, so the tests take milliseconds where production takes seconds.</summary>
    public static WriteBehindWorkerOptions FastOptions(string? consumer = null) => new()
    {
        ConsumerName = consumer ?? "test-" + Guid.NewGuid().ToString("N")[..8],
        PollInterval = TimeSpan.FromMilliseconds(20),
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        RedisRetryDelay = TimeSpan.FromMilliseconds(100),
        DrainTimeout = TimeSpan.FromSeconds(20),
    };
}
