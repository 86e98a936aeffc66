using System.Collections.Generic;

namespace Caching;

/// <summary>
/// The tags of one cached method, built once from its compile-time name (the <c>"App.UserRepository.GetUserAsync"</c>
/// that generated code passes to <see cref="CachePolicy{T}"/> and <see cref="LocalCache{TKey, T}"/>), so that
/// recording a hit or a miss allocates nothing: each combination of level and result is an array made here.
/// </summary>
internal sealed class CacheMethodTelemetry
{
    public const string MethodTag = "cache.method";
    public const string LevelTag = "cache.level";
    public const string ResultTag = "cache.result";
    public const string OperationTag = "cache.operation";
    public const string InvalidationKindTag = "cache.invalidation.kind";
    public const string ErrorTypeTag = "error.type";
    public const string DbSystemTag = "db.system.name";

    private static readonly KeyValuePair<string, object?> L1 = new(LevelTag, "l1");
    private static readonly KeyValuePair<string, object?> L2 = new(LevelTag, "l2");
    private static readonly KeyValuePair<string, object?> Hit = new(ResultTag, "hit");
    private static readonly KeyValuePair<string, object?> Miss = new(ResultTag, "miss");
    private static readonly KeyValuePair<string, object?> Stale = new(ResultTag, "stale");
    private static readonly KeyValuePair<string, object?> Error = new(ResultTag, "error");

    public CacheMethodTelemetry(string method)
    {
        Method = method;
        var name = new KeyValuePair<string, object?>(MethodTag, method);
        L1Hit = [name, L1, Hit];
        L1Miss = [name, L1, Miss];
        L2Hit = [name, L2, Hit];
        L2Miss = [name, L2, Miss];
        L2Stale = [name, L2, Stale];
        L2Error = [name, L2, Error];
        MethodOnly = [name];
        RedisRead = [name, new(OperationTag, CacheOperation.Read)];
        RedisWrite = [name, new(OperationTag, CacheOperation.Write)];
        FillActivityName = "cache.fill " + method;
        FillActivityTags = [name, L2, Miss, new(DbSystemTag, "redis")];
    }

    /// <summary>The compile-time name, as <c>Namespace.Type.Method</c>.</summary>
    public string Method { get; }

    public KeyValuePair<string, object?>[] L1Hit { get; }

    public KeyValuePair<string, object?>[] L1Miss { get; }

    public KeyValuePair<string, object?>[] L2Hit { get; }

    public KeyValuePair<string, object?>[] L2Miss { get; }

    public KeyValuePair<string, object?>[] L2Stale { get; }

    /// <summary>A lookup Redis failed to answer: a miss whose result is <c>error</c>.</summary>
    public KeyValuePair<string, object?>[] L2Error { get; }

    public KeyValuePair<string, object?>[] MethodOnly { get; }

    public KeyValuePair<string, object?>[] RedisRead { get; }

    public KeyValuePair<string, object?>[] RedisWrite { get; }

    /// <summary>The activity around a core call: "cache.fill Namespace.Type.Method", low-cardinality as span names must be.</summary>
    public string FillActivityName { get; }

    public KeyValuePair<string, object?>[] FillActivityTags { get; }
}

/// <summary>The values of the <c>cache.operation</c> tag: what the runtime was doing when a measurement was taken.</summary>
internal static class CacheOperation
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Invalidate = "invalidate";
    public const string Lock = "lock";
    public const string Publish = "publish";
    public const string Enqueue = "enqueue";
    public const string Serialize = "serialize";
    public const string Core = "core";
}
