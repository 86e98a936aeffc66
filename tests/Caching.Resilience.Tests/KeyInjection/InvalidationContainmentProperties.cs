using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>Property 3 on a private redis-server: see <see cref="InvalidationContainment"/>.</summary>
[Collection(RedisCollections.Server)]
public sealed class InvalidationContainmentProperties(RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task InvalidatingATenantTag_MissesExactlyThatTenantsEntries()
    {
        var watch = Stopwatch.StartNew();
        var entries = 0;
        await InvalidationContainment.TenantCase.SampleAsync(async (seeded, target) =>
        {
            await InvalidationContainment.TagAsync(new KeyInjectionHarness(redis), seeded, target);
            Interlocked.Add(ref entries, seeded.Length);
        }, iter: 200, print: Show, writeLine: output.WriteLine);
        output.WriteLine($"tag: 200 invalidations over {entries} seeded entries, {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task InvalidatingAKey_MissesExactlyThatEntry()
    {
        var watch = Stopwatch.StartNew();
        var entries = 0;
        await InvalidationContainment.UserCase.SampleAsync(async (seeded, target) =>
        {
            await InvalidationContainment.KeyAsync(new KeyInjectionHarness(redis), seeded, target);
            Interlocked.Add(ref entries, seeded.Length);
        }, iter: 200, print: t => string.Join(" ", System.Linq.Enumerable.Select(t.Item1, s => $"({s.Id}, {HostileValues.Show(s.Name)})")) + $" invalidate ({t.Item2.Id}, {HostileValues.Show(t.Item2.Name)})",
            writeLine: output.WriteLine);
        output.WriteLine($"key: 200 invalidations over {entries} seeded entries, {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task InvalidatingATenantPattern_DeletesExactlyThatTenantsKeys()
    {
        var watch = Stopwatch.StartNew();
        var entries = 0;
        var unreachable = 0;
        await InvalidationContainment.TenantCase.SampleAsync(async (seeded, target) =>
        {
            await InvalidationContainment.PatternAsync(new KeyInjectionHarness(redis), seeded, target, n => Interlocked.Add(ref unreachable, n));
            Interlocked.Add(ref entries, seeded.Length);
        }, iter: 200, print: Show, writeLine: output.WriteLine);
        output.WriteLine($"pattern: 200 invalidations over {entries} seeded entries ({unreachable} targeted keys hashed for length, out of any pattern's reach), {watch.ElapsedMilliseconds} ms");
    }

    internal static string Show(((string? Tenant, string? Doc)[] Seeded, string? Target) t)
        => string.Join(" ", System.Linq.Enumerable.Select(t.Seeded, s => $"({HostileValues.Show(s.Tenant)}, {HostileValues.Show(s.Doc)})"))
            + " invalidate " + HostileValues.Show(t.Target);
}
