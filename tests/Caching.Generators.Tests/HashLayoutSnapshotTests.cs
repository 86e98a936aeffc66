using System;
using System.Linq;
using Caching.Generators.Tests.Support;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>
/// <c>Layout = CacheLayout.Hash</c>: the generated mapper (constructor and initializer, every scalar kind, enums,
/// nullables) and the single-field reads; the output compiles cleanly, and no JSON context is needed.
/// </summary>
public sealed class HashLayoutSnapshotTests
{
    private const string Types = """
        namespace App
        {
            public enum Tier : byte { Free, Pro }

            public sealed record Profile(int Id, string Name, string? Nickname, Tier Tier, Tier? Previous, decimal Balance, double Score, bool Active,
                DateTime Seen, DateTimeOffset Joined, Guid Key, TimeSpan Session, byte[]? Avatar, long? Visits)
            {
                public string? Email { get; init; }
                public char Initial { get; set; }
                public string Display => Name + " (" + Id + ")";
            }
        }
        """;

    [Fact]
    public void TaskOfFlatRecord_MapperAndFieldReads()
    {
        var (result, output) = GeneratorRunner.Run(Sources.Usings + Types + """
            namespace App
            {
                public partial class ProfileRepository(ICacheStore cache)
                {
                    [Cached(Key = "profile:<id>", Ttl = 600, Layout = CacheLayout.Hash)]
                    public partial Task<Profile?> GetProfileAsync(int id, CancellationToken ct = default);
                    private Task<Profile?> GetProfileCoreAsync(int id, CancellationToken ct) => Task.FromResult<Profile?>(null);

                    // A member of the read's name wins: no GetProfileNameAsync is generated.
                    public int GetProfileNameAsync() => 0;
                }
            }
            """);
        GeneratorRunner.AssertCompilesCleanly(output);
        Snapshot.Verify(result, nameof(HashLayoutSnapshotTests));
    }

    [Fact]
    public void StructWithSettableProperties_UsesTheInitializer()
    {
        var (result, output) = GeneratorRunner.Run(Sources.Usings + """
            namespace App
            {
                public struct Point
                {
                    public int X { get; set; }
                    public int Y { get; set; }
                }

                public partial class Points(ICacheStore cache)
                {
                    [Cached(Key = "point:<id>", Ttl = 60, Layout = CacheLayout.Hash)]
                    public partial ValueTask<Point> GetPointAsync(int id);
                    private ValueTask<Point> GetPointCoreAsync(int id) => default;
                }
            }
            """);
        GeneratorRunner.AssertCompilesCleanly(output);
        var generated = result.GeneratedSources.Single(s => s.HintName.EndsWith("GetPointAsync.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("value = new global::App.Point() { X = __v0, Y = __v1 };", generated, StringComparison.Ordinal);
        Assert.Contains("HashMapper = new __Caching_GetPointAsync_HashMapper(),", generated, StringComparison.Ordinal);
        Assert.Contains("global::Caching.HashLayoutSerializer<global::App.Point>.Instance", generated, StringComparison.Ordinal);
        Assert.Contains("ValueTask<global::Caching.CacheLookup<int>> GetPointXAsync(int id, global::System.Threading.CancellationToken cancellationToken = default)", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("WarmPointAsync", generated, StringComparison.Ordinal);
    }
}
