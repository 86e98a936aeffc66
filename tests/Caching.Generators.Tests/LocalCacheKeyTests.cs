using System;
using System.Linq;
using Caching.Generators.Tests.Support;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>
/// The typed key of a method's L1 for each kind of key hole: a ValueTuple of the holes' values when each has exact
/// equality, else the Redis key itself. Each output must compile cleanly (nullable on).
/// </summary>
public sealed class LocalCacheKeyTests
{
    [Theory]
    [InlineData("k:<name>", "string name", "global::System.ValueTuple<string?>", "new global::System.ValueTuple<string?>(name)")]
    [InlineData("k:<name>", "string? name", "global::System.ValueTuple<string?>", "new global::System.ValueTuple<string?>(name)")]
    [InlineData("k:<id>:<tier>:<flag>:<c>", "Guid id, Tier tier, bool flag, char c",
        "global::System.ValueTuple<global::System.Guid, global::App.Tier, bool, char>", "new global::System.ValueTuple<global::System.Guid, global::App.Tier, bool, char>(id, tier, flag, c)")]
    [InlineData("k:<page>:<span>:<day>", "long? page, TimeSpan span, DateOnly day",
        "global::System.ValueTuple<long?, global::System.TimeSpan, global::System.DateOnly>", "new global::System.ValueTuple<long?, global::System.TimeSpan, global::System.DateOnly>(page, span, day)")]
    [InlineData("k:<user.Home.City>:<user.Id>", "User user", "global::System.ValueTuple<string?, int?>", "new global::System.ValueTuple<string?, int?>(user?.Home?.City, user?.Id)")]
    [InlineData("k:<id:X8>", "uint id", "global::System.ValueTuple<uint>", "new global::System.ValueTuple<uint>(id)")]
    // No exact equality (0.0 equals -0.0, 1.0m equals 1.00m, DateTimeOffset ignores the offset), or more than seven holes.
    [InlineData("k:<x>", "double x", "string", null)]
    [InlineData("k:<at>", "DateTimeOffset at", "string", null)]
    [InlineData("k:<id>:<amount>", "int id, decimal? amount", "string", null)]
    [InlineData("k:<a>:<b>:<c>:<d>:<e>:<f>:<g>:<h>", "int a, int b, int c, int d, int e, int f, int g, int h", "string", null)]
    public void TypedKey_FollowsTheHoles_AndCompiles(string key, string parameters, string keyType, string? keyExpression)
    {
        var arguments = string.Join(", ", parameters.Split(", ").Select(p => p.Split(' ')[1]));
        var (result, output) = GeneratorRunner.Run(Sources.Usings + $$"""
            namespace App
            {
                public enum Tier { Free, Pro }

                public partial class Repository(ICacheStore cache)
                {
                    [Cached(Key = "{{key}}", Ttl = 60, LocalTtl = 5)]
                    public partial Task<int> GetAsync({{parameters}});
                    private Task<int> GetCoreAsync({{parameters}}) => Task.FromResult(0);
                    public Task<int> CallAsync({{parameters}}) => GetAsync({{arguments}});
                }
            }
            """, Sources.UserAndJsonContext);
        GeneratorRunner.AssertCompilesCleanly(output);

        var generated = result.GeneratedSources.Single(s => s.HintName != Emitting.ManifestEmitter.HintName).SourceText.ToString();
        Assert.Contains($"global::Caching.LocalCache<{keyType}, int> ", generated, StringComparison.Ordinal);
        if (keyExpression is null)
        {
            // The Redis key is built first and keys the L1.
            Assert.Contains("var __localKey = __key;", generated, StringComparison.Ordinal);
            Assert.True(generated.IndexOf("var __key = ", StringComparison.Ordinal) < generated.IndexOf("TryGetTask(", StringComparison.Ordinal));
        }
        else
        {
            // The typed key, built in its own method, is looked up before any string is built.
            Assert.Contains($"var __localKey = __Caching_GetAsync_LocalKey({arguments});", generated, StringComparison.Ordinal);
            Assert.Contains($"private static {keyType} __Caching_GetAsync_LocalKey({parameters.Replace("Guid", "global::System.Guid").Replace("Tier", "global::App.Tier").Replace("TimeSpan", "global::System.TimeSpan").Replace("DateOnly", "global::System.DateOnly").Replace("User", "global::App.User")})\n            => {keyExpression};", generated, StringComparison.Ordinal);
            Assert.True(generated.IndexOf("TryGetTask(", StringComparison.Ordinal) < generated.IndexOf("var __key = ", StringComparison.Ordinal));
        }
    }
}
