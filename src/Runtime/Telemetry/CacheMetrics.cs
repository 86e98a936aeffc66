using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Caching;

/// <summary>
/// The instruments of one meter named <see cref="CachingTelemetry.MeterName"/>, and the one place that records on
/// them. Each method checks <see cref="Instrument.Enabled"/> first, so nobody listening costs a field read; a hit
/// passes an array its method built once (<see cref="CacheMethodTelemetry"/>), so listening costs no allocation.
/// </summary>
internal sealed class CacheMetrics
{
#if NET9_0_OR_GREATER
    // Seconds, from 100 µs (a Redis read on loopback) to 10 s (a slow core). OpenTelemetry's default boundaries are
    // made for milliseconds and would put every Redis call in the first bucket; .NET 9 lets an instrument advise its
    // own (net8.0 users set a view, docs/operations.md).
    private static readonly double[] SecondsBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
#endif

    private static readonly KeyValuePair<string, object?>[] KeyInvalidation = [new(CacheMethodTelemetry.InvalidationKindTag, "key")];
    private static readonly KeyValuePair<string, object?>[] TagInvalidation = [new(CacheMethodTelemetry.InvalidationKindTag, "tag")];
    private static readonly KeyValuePair<string, object?>[] PatternInvalidation = [new(CacheMethodTelemetry.InvalidationKindTag, "pattern")];

    // Meters made by an IMeterFactory are shared by name within that factory: one set of instruments per meter, or
    // two stores of one container would register every instrument twice.
    private static readonly ConditionalWeakTable<Meter, CacheMetrics> ByMeter = new();

    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _fills;
    private readonly Counter<long> _invalidations;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _redisDuration;
    private readonly Histogram<double> _coreDuration;

    private CacheMetrics(Meter meter)
    {
        Meter = meter;
        _hits = meter.CreateCounter<long>(CachingTelemetry.Hits, "{hit}", "Lookups answered by the cache: a fresh entry (cache.result=hit) or a fail-safe value (stale).");
        _misses = meter.CreateCounter<long>(CachingTelemetry.Misses, "{miss}", "Lookups the cache could not answer: no usable entry (cache.result=miss) or Redis failed (error).");
        _fills = meter.CreateCounter<long>(CachingTelemetry.Fills, "{fill}", "Values computed by a core and stored in Redis.");
        _invalidations = meter.CreateCounter<long>(CachingTelemetry.Invalidations, "{invalidation}", "Invalidations asked for, by key, tag or pattern.");
        _errors = meter.CreateCounter<long>(CachingTelemetry.Errors, "{error}", "Failures of Redis calls, unreadable entries, serialization and cores.");
        _redisDuration = Histogram(meter, CachingTelemetry.RedisDuration, "Duration of the Redis calls that answered: reads of entries and writes of fills.");
        _coreDuration = Histogram(meter, CachingTelemetry.CoreDuration, "Duration of core (factory) calls.");
    }

    /// <summary>The instruments of the process-wide meter, for stores created without an <see cref="IMeterFactory"/>.</summary>
    public static CacheMetrics Shared { get; } = new(new Meter(CachingTelemetry.MeterName));

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>Whether a core call is worth timing or tracing: someone listens to its duration, to errors, or to activities.</summary>
    public bool ObservesCore => _coreDuration.Enabled || _errors.Enabled || CachingTelemetry.Source.HasListeners();

    /// <summary>The instruments on <paramref name="factory"/>'s meter, or the shared ones when it is null.</summary>
    public static CacheMetrics For(IMeterFactory? factory)
        => factory is null
            ? Shared
            : ByMeter.GetValue(factory.Create(new MeterOptions(CachingTelemetry.MeterName)), static meter => new CacheMetrics(meter));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the hit path: a field test inline, the call only when listened to
    public void L1Hit(CacheMethodTelemetry method)
    {
        if (_hits.Enabled)
        {
            _hits.Add(1, method.L1Hit);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the hit path: a field test inline, the call only when listened to
    public void L1Miss(CacheMethodTelemetry method)
    {
        if (_misses.Enabled)
        {
            _misses.Add(1, method.L1Miss);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the hit path: a field test inline, the call only when listened to
    public void L2Hit(CacheMethodTelemetry method)
    {
        if (_hits.Enabled)
        {
            _hits.Add(1, method.L2Hit);
        }
    }

    /// <summary>A lookup that found no usable entry, or (<paramref name="redisAnswered"/> false) one Redis failed to answer.</summary>
    public void L2Miss(CacheMethodTelemetry method, bool redisAnswered)
    {
        if (_misses.Enabled)
        {
            _misses.Add(1, redisAnswered ? method.L2Miss : method.L2Error);
        }
    }

    /// <summary>Counts a miss whose caller got <paramref name="value"/> from the core; returns it.</summary>
    public T Missed<T>(CacheMethodTelemetry method, T value)
    {
        L2Miss(method, redisAnswered: true);
        return value;
    }

    /// <summary>Counts a fail-safe value served in place of the core's answer; returns it.</summary>
    public T Stale<T>(CacheMethodTelemetry method, T value)
    {
        if (_hits.Enabled)
        {
            _hits.Add(1, method.L2Stale);
        }

        return value;
    }

    /// <summary>A read of an entry that Redis answered, started at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void RedisRead(CacheMethodTelemetry method, long started)
    {
        if (_redisDuration.Enabled)
        {
            _redisDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, method.RedisRead);
        }
    }

    /// <summary>A fill's write that Redis answered; a fill when it was <paramref name="stored"/> (not dropped by the compare-and-set).</summary>
    public void FillWritten(CacheMethodTelemetry method, long started, bool stored)
    {
        if (_redisDuration.Enabled)
        {
            _redisDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, method.RedisWrite);
        }

        if (stored && _fills.Enabled)
        {
            _fills.Add(1, method.MethodOnly);
        }
    }

    /// <summary>Fills stored by one pipeline (a batch or a warm-up).</summary>
    public void Filled(CacheMethodTelemetry method, int count)
    {
        if (count > 0 && _fills.Enabled)
        {
            _fills.Add(count, method.MethodOnly);
        }
    }

    public void Invalidated(char kind)
    {
        if (_invalidations.Enabled)
        {
            _invalidations.Add(1, kind switch
            {
                LocalInvalidation.Key => KeyInvalidation,
                LocalInvalidation.Tag => TagInvalidation,
                _ => PatternInvalidation,
            });
        }
    }

    /// <summary>
    /// A failure of <paramref name="operation"/> (a <see cref="CacheOperation"/>); <c>error.type</c> is the exception's
    /// full type name, as OpenTelemetry asks (a bounded set: Redis's, the breaker's, the core's own).
    /// </summary>
    public void Error(CacheMethodTelemetry? method, string operation, Exception exception)
    {
        if (_errors.Enabled)
        {
            Error(method, operation, ErrorType(exception));
        }
    }

    /// <summary>A failure without an exception, such as an unreadable entry (<c>error.type</c> <c>corrupt_entry</c>).</summary>
    public void Error(CacheMethodTelemetry? method, string operation, string errorType)
    {
        if (!_errors.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { CacheMethodTelemetry.OperationTag, operation },
            { CacheMethodTelemetry.ErrorTypeTag, errorType },
        };
        if (method is not null)
        {
            tags.Add(CacheMethodTelemetry.MethodTag, method.Method);
        }

        _errors.Add(1, in tags);
    }

    /// <summary>The activity of a core call when someone listens (null otherwise): a child of the caller's, the parent of the core's.</summary>
    public static Activity? StartCore(CacheMethodTelemetry method)
        => CachingTelemetry.Source.StartActivity(method.FillActivityName, ActivityKind.Internal, default(ActivityContext), method.FillActivityTags);

    public void CoreSucceeded(CacheMethodTelemetry method, long started, Activity? activity)
    {
        if (_coreDuration.Enabled)
        {
            _coreDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, method.MethodOnly);
        }

        activity?.Dispose();
    }

    public void CoreFailed(CacheMethodTelemetry method, long started, Activity? activity, Exception exception)
    {
        var errorType = ErrorType(exception);
        if (_coreDuration.Enabled)
        {
            _coreDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(CacheMethodTelemetry.MethodTag, method.Method),
                new KeyValuePair<string, object?>(CacheMethodTelemetry.ErrorTypeTag, errorType));
        }

        Error(method, CacheOperation.Core, errorType);
        if (activity is not null)
        {
            activity.SetTag(CacheMethodTelemetry.ErrorTypeTag, errorType);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
#if NET9_0_OR_GREATER
            activity.AddException(exception);
#else
            activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
            {
                { "exception.type", errorType },
                { "exception.message", exception.Message },
            }));
#endif
            activity.Dispose();
        }
    }

    private static string ErrorType(Exception exception) => exception.GetType().FullName ?? exception.GetType().Name;

    private static Histogram<double> Histogram(Meter meter, string name, string description)
#if NET9_0_OR_GREATER
        => meter.CreateHistogram<double>(name, "s", description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
#else
        => meter.CreateHistogram<double>(name, "s", description);
#endif
}
