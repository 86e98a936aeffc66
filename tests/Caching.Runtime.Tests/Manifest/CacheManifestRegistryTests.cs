using System.Linq;
using Xunit;

namespace Caching.Runtime.Tests.Manifest;

/// <summary>CacheManifest.Current merges every registered manifest in an order that does not depend on registration.</summary>
public sealed class CacheManifestRegistryTests
{
    private static CacheManifestEntry Entry(string type, string method, CacheManifestEntryKind kind = CacheManifestEntryKind.Cached)
        => new(type, method, kind, "k:<id>", "k:<id>#00000000", 60, 0, 0, 0, [], [], [], [], []);

    [Fact]
    public void TwoRegistrations_Merge_InTheSameOrderWhicheverRegistersFirst()
    {
        // Unique type names: other tests (and this assembly's own generated manifest, if any) may register too.
        var first = new CacheManifest([Entry("RegistryTest.B", "Get"), Entry("RegistryTest.A", "Zed")]);
        var second = new CacheManifest([Entry("RegistryTest.A", "Get"), Entry("RegistryTest.A", "Get", CacheManifestEntryKind.Invalidates)]);
        string[] expected = ["RegistryTest.A.Get.Cached", "RegistryTest.A.Get.Invalidates", "RegistryTest.A.Zed.Cached", "RegistryTest.B.Get.Cached"];

        CacheManifest.Register(first);
        CacheManifest.Register(second);
        var merged = Ours(CacheManifest.Current);
        Assert.True(CacheManifest.Unregister(first));
        Assert.True(CacheManifest.Unregister(second));
        Assert.Empty(Ours(CacheManifest.Current));

        CacheManifest.Register(second);
        CacheManifest.Register(first);
        var mergedReversed = Ours(CacheManifest.Current);
        CacheManifest.Unregister(second);
        CacheManifest.Unregister(first);

        Assert.Equal(expected, merged);
        Assert.Equal(expected, mergedReversed);
        Assert.False(CacheManifest.Unregister(first));
    }

    [Fact]
    public void Current_IsTheSameInstanceUntilSomethingRegisters()
    {
        var before = CacheManifest.Current;
        Assert.Same(before, CacheManifest.Current);

        var manifest = new CacheManifest([Entry("RegistryTest.Same", "Get")]);
        CacheManifest.Register(manifest);
        try
        {
            var after = CacheManifest.Current;
            Assert.NotSame(before, after);
            Assert.Equal(before.Entries.Count + 1, after.Entries.Count);
        }
        finally
        {
            CacheManifest.Unregister(manifest);
        }
    }

    private static string[] Ours(CacheManifest manifest)
        => manifest.Entries.Where(e => e.DeclaringType.StartsWith("RegistryTest.", System.StringComparison.Ordinal) && e.DeclaringType != "RegistryTest.Same")
            .Select(e => $"{e.DeclaringType}.{e.Method}.{e.Kind}").ToArray();
}
