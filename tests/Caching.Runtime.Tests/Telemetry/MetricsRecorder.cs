using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Caching.TestSupport;

namespace Caching.Runtime.Tests.Telemetry;

/// <summary>One measurement, with its tags.</summary>
internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public bool Has(params (string Name, string Value)[] tags)
        => tags.All(t => Tags.TryGetValue(t.Name, out var v) && Equals(v, t.Value));
}

/// <summary>
/// Collects the measurements of the "Caching" meters a filter picks (one instance, or the shared one), and only those
/// whose cache.method is the test's own when <paramref name="method"/> is given: the shared meter is static and the
/// tests run in parallel. Filtering on the recording thread allocates nothing for other tests' measurements.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly string? _method;

    public MetricsRecorder(Func<Meter, bool> meter, string? method = null)
    {
        _method = method;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CachingTelemetry.MeterName && meter(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Records what the store's own meter measures.</summary>
    public static MetricsRecorder For(TestMeterFactory factory, string? method = null)
        => new(m => ReferenceEquals(m.Scope, factory), method);

    /// <summary>The sum of <paramref name="instrument"/>'s measurements that carry every tag given.</summary>
    public double Sum(string instrument, params (string Name, string Value)[] tags)
        => _measurements.Where(m => m.Instrument == instrument && m.Has(tags)).Sum(m => m.Value);

    /// <summary>The measurements of <paramref name="instrument"/> that carry every tag given.</summary>
    public Measurement[] Of(string instrument, params (string Name, string Value)[] tags)
        => _measurements.Where(m => m.Instrument == instrument && m.Has(tags)).ToArray();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_method is not null)
        {
            var mine = false;
            foreach (var tag in tags)
            {
                mine |= tag.Key == "cache.method" && Equals(tag.Value, _method);
            }

            if (!mine)
            {
                return;
            }
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
    }
}
