using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.TestSupport;
using CsCheck;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// <see cref="ClusterSlot"/> must agree with Redis itself (a plain redis-server refuses CLUSTER KEYSLOT: "cluster
/// support disabled"), so a sample of hostile keys and the keys our builder makes of them are asked of a real
/// cluster node.
/// </summary>
[Collection(RedisCollections.Cluster)]
public sealed class ClusterSlotCrossCheck(RedisClusterFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task ComputedSlots_MatchClusterKeyslot()
    {
        var watch = Stopwatch.StartNew();
        var keys = new List<string> { "", "{", "}", "{}", "{}x", "{x}", "a{x}b", "a{}{x}", "{{x}}", "{x", "x}", "\u65E5{\u00E9}", "{users}:profile:a" };
        var sample = Gen.Select(HostileValues.Short, HostileValues.Text, (a, b) => (a, b)).Array[300].Single();
        foreach (var (a, b) in sample)
        {
            keys.Add(a + b);
            keys.Add("{" + a + "}" + b);
            keys.Add(Keys.Tenant("p:", a, b));
        }

        var server = cluster.Multiplexer.GetServer(cluster.Cluster.Endpoints[0]);
        foreach (var key in keys.Where(k => k.Length < 5000 && IsValidUtf16(k)))
        {
            var slot = (int)await server.ExecuteAsync("CLUSTER", "KEYSLOT", key);
            Assert.True(slot == ClusterSlot.Of(key), $"CLUSTER KEYSLOT says {slot} for {HostileValues.Show(key)}, ClusterSlot.Of says {ClusterSlot.Of(key)}");
        }

        output.WriteLine($"{keys.Count} keys, ClusterSlot agrees with CLUSTER KEYSLOT, {watch.ElapsedMilliseconds} ms");
    }

    private static bool IsValidUtf16(string text)
    {
        try
        {
            KeyInjectionHarness.StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Keys made by the runtime's builder the way the generated code makes them.</summary>
    private static class Keys
    {
        public static string Tenant(string prefix, string tenant, string doc)
        {
            var builder = new Caching.CacheKeyBuilder(stackalloc char[256]);
            builder.AppendLiteral(prefix + "{tenant:");
            builder.AppendHole(tenant);
            builder.AppendLiteral("}:doc:");
            builder.AppendHole(doc);
            builder.AppendLiteral("#0badcafe");
            return builder.ToKey();
        }
    }
}
