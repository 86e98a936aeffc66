using System.Diagnostics;

namespace Caching;

/// <summary>
/// The names under which the runtime publishes its metrics (a <c>System.Diagnostics.Metrics</c> meter) and traces (an
/// <see cref="ActivitySource"/>), for OpenTelemetry or any <c>MeterListener</c>/<c>ActivityListener</c>:
/// <c>builder.Services.AddOpenTelemetry().WithMetrics(m =&gt; m.AddMeter(CachingTelemetry.MeterName)).WithTracing(t =&gt; t.AddSource(CachingTelemetry.ActivitySourceName))</c>.
/// Every measurement of a cached method carries its compile-time name (<c>cache.method</c>), never a key or an
/// argument. See "Metrics and traces" in <c>docs/operations.md</c>.
/// </summary>
public static class CachingTelemetry
{
    /// <summary>The meter's name: <c>"Caching"</c>.</summary>
    public const string MeterName = "Caching";

    /// <summary>The activity source's name: <c>"Caching"</c>.</summary>
    public const string ActivitySourceName = "Caching";

    /// <summary>Counter of lookups answered by the cache (<c>cache.result</c> <c>hit</c>, or <c>stale</c> for a fail-safe value).</summary>
    public const string Hits = "cache.hits";

    /// <summary>Counter of lookups the cache could not answer (<c>cache.result</c> <c>miss</c>, or <c>error</c> when Redis failed).</summary>
    public const string Misses = "cache.misses";

    /// <summary>Counter of values a core computed that were stored in Redis.</summary>
    public const string Fills = "cache.fills";

    /// <summary>Counter of invalidations asked for, by <c>cache.invalidation.kind</c> (<c>key</c>, <c>tag</c>, <c>pattern</c>).</summary>
    public const string Invalidations = "cache.invalidations";

    /// <summary>Counter of failures: Redis calls, unreadable entries, serialization and cores, by <c>cache.operation</c> and <c>error.type</c>.</summary>
    public const string Errors = "cache.errors";

    /// <summary>Histogram of the Redis calls that answered (reads of entries, writes of fills), in seconds.</summary>
    public const string RedisDuration = "cache.redis.duration";

    /// <summary>Histogram of core (factory) calls, in seconds; a failed call carries <c>error.type</c>.</summary>
    public const string CoreDuration = "cache.core.duration";

    // One source for the process: activities are filtered by name, never by instance, so there is nothing to scope.
    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
