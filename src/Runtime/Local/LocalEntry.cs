using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// One value held by an L1 partition: the value, when it stops being served, and what invalidations find it by
/// (its Redis key and its tags). A class, so a hit reads one reference atomically and copies nothing.
/// </summary>
internal sealed class LocalEntry<T>(T value, long expiresAtMs, string redisKey, string[]? tags)
{
    private Task<T>? _task;

    public T Value { get; } = value;

    /// <summary>The <see cref="CoarseClock"/> reading after which the entry is not served.</summary>
    public long ExpiresAtMs { get; } = expiresAtMs;

    public string RedisKey { get; } = redisKey;

    public string[]? Tags { get; } = tags;

    /// <summary>
    /// The value as a completed task, made on the first hit of a <c>Task&lt;T&gt;</c> method and reused by every
    /// later one, so those hits allocate nothing either. Two first hits may both make one; either is correct.
    /// </summary>
    public Task<T> Task => _task ??= System.Threading.Tasks.Task.FromResult(Value);
}
