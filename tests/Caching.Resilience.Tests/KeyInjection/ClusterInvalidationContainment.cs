using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// Property 3 on a private 3-master Redis Cluster, where entries, stamps and hashed keys spread over slots and
/// nodes: a tagged read's MGET must stay within a slot (no CROSSSLOT for hashed keys) and a pattern must be swept
/// on every primary. Fewer samples than on one server: the point is the spread, not the values.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterInvalidationContainment(RedisClusterFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task OnACluster_TagAndPatternInvalidation_StayWithinTheirTenant()
    {
        var watch = Stopwatch.StartNew();
        var entries = 0;
        await InvalidationContainment.TenantCase.SampleAsync(async (seeded, target) =>
        {
            await InvalidationContainment.TagAsync(new KeyInjectionHarness(cluster.Multiplexer), seeded, target);
            await InvalidationContainment.PatternAsync(new KeyInjectionHarness(cluster.Multiplexer), seeded, target, _ => { });
            Interlocked.Add(ref entries, seeded.Length);
        }, iter: 40, print: InvalidationContainmentProperties.Show, writeLine: output.WriteLine);
        output.WriteLine($"cluster: 40 tag and 40 pattern invalidations over {entries} seeded entries each, {watch.ElapsedMilliseconds} ms");
    }
}
