using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Caching.TestSupport;

/// <summary>
/// A meter factory of a test's own: the meters it makes belong to that test (their scope is this factory), so a
/// listener can count them exactly whatever runs in parallel on the shared static meter.
/// </summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    /// <inheritdoc/>
    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
        }
    }
}
