using System;

namespace Caching.Runtime.Tests.Support;

/// <summary>A clock the test moves by hand, for logical-expiry tests (Redis's own TTL keeps real time).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
