using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.Runtime.Tests.Telemetry;

/// <summary>
/// The "Caching" activity source (issue 7, item 3): one activity per core call, a child of the caller's activity and
/// the parent of the core's own; none on a hit; Error status when the core throws. Each test's method name is its own,
/// which is what the listener keeps.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class TracesTests(RedisServerFixture redis)
{
    private readonly RedisCacheStore _store = new(redis.Multiplexer);

    [Fact]
    public async Task Miss_OneActivity_WithTheMethodsTags_ChildOfTheCaller_ParentOfTheCore()
    {
        var policy = MetricsTests.Policy("trace-miss");
        using var traces = new ActivityRecorder(policy.Name);
        var key = Policies.UniqueKey("trace-miss");

        string? coreParent = null;
        using (var request = ActivityRecorder.TestSource.StartActivity("request"))
        {
            Assert.NotNull(request);
            await _store.GetOrCreateAsync(key, null, policy, 0, (_, _) =>
            {
                using var query = ActivityRecorder.TestSource.StartActivity("query");
                coreParent = query!.ParentSpanId.ToHexString();
                return ValueTask.FromResult(Policies.SampleProduct(1));
            });
            Assert.Same(request, Activity.Current); // the caller's current activity is left as it was
        }

        var fill = Assert.Single(traces.Cache);
        var parent = traces.Test.Single(a => a.OperationName == "request" && a.TraceId == fill.TraceId);
        Assert.Equal("cache.fill " + policy.Name, fill.OperationName);
        Assert.Equal(ActivityKind.Internal, fill.Kind);
        Assert.Equal(parent.SpanId, fill.ParentSpanId);
        Assert.Equal(fill.SpanId.ToHexString(), coreParent);
        Assert.Equal(policy.Name, fill.GetTagItem("cache.method"));
        Assert.Equal("l2", fill.GetTagItem("cache.level"));
        Assert.Equal("miss", fill.GetTagItem("cache.result"));
        Assert.Equal("redis", fill.GetTagItem("db.system.name"));
        Assert.Equal(ActivityStatusCode.Unset, fill.Status);
        // Nothing of the key or the arguments: the tags are the four above.
        Assert.Equal(4, fill.TagObjects.Count());
    }

    [Fact]
    public async Task L2Hit_StartsNoActivity()
    {
        var policy = MetricsTests.Policy("trace-hit");
        var key = Policies.UniqueKey("trace-hit");
        await _store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(2)));
        using var traces = new ActivityRecorder(policy.Name);

        await _store.GetOrCreateAsync(key, null, policy, 0, static (_, _) => ValueTask.FromResult(Policies.SampleProduct(3)));
        Assert.True((await _store.TryGetAsync(key, null, policy)).IsHit);

        Assert.Empty(traces.Cache);
    }

    [Fact]
    public async Task CoreThrows_TheActivityHasErrorStatus_AndTheExceptionType()
    {
        var policy = MetricsTests.Policy("trace-error");
        using var traces = new ActivityRecorder(policy.Name);
        var key = Policies.UniqueKey("trace-error");

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _store.GetOrCreateAsync<int, Product>(key, null, policy, 0, static (_, _) => throw new InvalidOperationException("database down")).AsTask());

        var fill = Assert.Single(traces.Cache);
        Assert.Equal(ActivityStatusCode.Error, fill.Status);
        Assert.Equal("database down", fill.StatusDescription);
        Assert.Equal("System.InvalidOperationException", fill.GetTagItem("error.type"));
        var exception = Assert.Single(fill.Events);
        Assert.Equal("exception", exception.Name);
    }

    [Fact]
    public void SyncMiss_OneActivity_AndTheCallersCurrentActivityIsRestored()
    {
        var policy = MetricsTests.Policy("trace-sync");
        using var traces = new ActivityRecorder(policy.Name);
        var key = Policies.UniqueKey("trace-sync");

        using (var request = ActivityRecorder.TestSource.StartActivity("sync-request"))
        {
            _store.GetOrCreate(key, null, policy, 0, static _ => Policies.SampleProduct(4));
            Assert.Throws<InvalidOperationException>(
                () => _store.GetOrCreate<int, Product>(Policies.UniqueKey("trace-sync-throw"), null, policy, 0, static _ => throw new InvalidOperationException("down")));
            Assert.Same(request, Activity.Current);
        }

        Assert.Equal(2, traces.Cache.Length);
        Assert.Equal([ActivityStatusCode.Unset, ActivityStatusCode.Error], traces.Cache.Select(a => a.Status).ToArray());
    }
}
