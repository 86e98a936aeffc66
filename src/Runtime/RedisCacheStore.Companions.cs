using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Caching;

// What the components built over a store (RedisSlidingWindowRateLimiter, RedisDistributedCache) share with it: its
// database, its circuit breaker (so they fail fast while Redis is down, and their failures count towards opening it),
// and its logger with the once-per-interval limit on repeated failures.
public sealed partial class RedisCacheStore
{
    /// <summary>Runs a Lua script (EVALSHA, EVAL after a NOSCRIPT) through the store's circuit breaker and timeout.</summary>
    internal ValueTask<RedisResult> EvaluateGuardedAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
        => _circuit.RunAsync(
            static s => s.Database.ScriptEvaluateAsync(s.Script, s.Keys, s.Values),
            (Database, Script: script, Keys: keys, Values: values),
            cancellationToken);

    /// <summary>The synchronous form of <see cref="EvaluateGuardedAsync"/>, bounded by the multiplexer's sync timeout.</summary>
    internal RedisResult EvaluateGuarded(string script, RedisKey[] keys, RedisValue[] values)
        => _circuit.Run(
            static s => s.Database.ScriptEvaluate(s.Script, s.Keys, s.Values),
            (Database, Script: script, Keys: keys, Values: values));

    /// <summary>Deletes <paramref name="key"/> through the circuit breaker.</summary>
    internal ValueTask<bool> DeleteGuardedAsync(RedisKey key, CancellationToken cancellationToken)
        => _circuit.RunAsync(static s => s.Database.KeyDeleteAsync(s.Key), (Database, Key: key), cancellationToken);

    /// <summary>The synchronous form of <see cref="DeleteGuardedAsync"/>.</summary>
    internal bool DeleteGuarded(RedisKey key)
        => _circuit.Run(static s => s.Database.KeyDelete(s.Key), (Database, Key: key));

    /// <summary>The store's logger (a no-op one when none was given).</summary>
    internal ILogger Logger => _logger;

    /// <summary>Whether a repeated Redis failure of <paramref name="eventId"/> may be logged now (see RepeatedLogLimiter).</summary>
    internal bool ShouldLogRepeatedFailure(int eventId) => ShouldLogFailure(eventId);

    /// <summary>Whether <paramref name="exception"/> is the open circuit breaker refusing a call (already logged once).</summary>
    internal static bool IsCircuitRejection(Exception exception) => RedisCircuit.IsRejection(exception);
}
