using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;

namespace Caching.Runtime.Tests.Telemetry;

/// <summary>
/// Listens to the "Caching" source and to the tests' own (<see cref="TestSource"/>), and keeps the stopped activities
/// of one cached method (by its cache.method tag, tests run in parallel) and the test source's. Other tests'
/// activities are not even sampled, so they cost those tests nothing.
/// </summary>
internal sealed class ActivityRecorder : IDisposable
{
    public static readonly ActivitySource TestSource = new("Caching.Runtime.Tests.Telemetry");

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public ActivityRecorder(string method)
    {
        // Read before the listener is added: a static initialized lazily inside ShouldListenTo would create the
        // source while the listener is being added, and that source would never hear of it.
        var test = TestSource;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CachingTelemetry.ActivitySourceName || ReferenceEquals(s, test),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                ReferenceEquals(options.Source, test) || options.Tags?.Any(t => t.Key == "cache.method" && Equals(t.Value, method)) == true
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = a =>
            {
                if (ReferenceEquals(a.Source, test) || Equals(a.GetTagItem("cache.method"), method))
                {
                    _stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The stopped activities of the "Caching" source for the method.</summary>
    public Activity[] Cache => _stopped.Where(a => a.Source.Name == CachingTelemetry.ActivitySourceName).ToArray();

    /// <summary>The stopped activities of the tests' own source.</summary>
    public Activity[] Test => _stopped.Where(a => ReferenceEquals(a.Source, TestSource)).ToArray();

    public void Dispose() => _listener.Dispose();
}
