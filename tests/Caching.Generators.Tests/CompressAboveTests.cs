using System;
using System.Linq;
using Caching.Generators.Tests.Support;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>
/// <c>CompressAbove</c> reaches the policy initializer, from the method or from the type's <c>[CacheDefaults]</c>; 0
/// (or nothing) leaves the policy as it was. Each output compiles cleanly.
/// </summary>
public sealed class CompressAboveTests
{
    [Theory]
    [InlineData("", ", CompressAbove = 2048", "CompressAbove = 2048,")]
    [InlineData("[CacheDefaults(CompressAbove = 4096)]", "", "CompressAbove = 4096,")]
    [InlineData("[CacheDefaults(CompressAbove = 4096)]", ", CompressAbove = 1024", "CompressAbove = 1024,")]
    [InlineData("[CacheDefaults(CompressAbove = 4096)]", ", CompressAbove = 0", null)]
    [InlineData("", "", null)]
    public void CompressAbove_IsInThePolicy(string defaults, string argument, string? expected)
    {
        var (result, output) = GeneratorRunner.Run(Sources.Usings + $$"""
            namespace App
            {
                {{defaults}}
                public partial class Repository(ICacheStore cache)
                {
                    [Cached(Key = "user:<id>", Ttl = 60{{argument}})]
                    public partial Task<User?> GetUserAsync(int id);
                    private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);
                }
            }
            """, Sources.UserAndJsonContext);
        GeneratorRunner.AssertCompilesCleanly(output);

        var generated = result.GeneratedSources.Single(s => s.HintName.EndsWith("GetUserAsync.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        if (expected is null)
        {
            Assert.DoesNotContain("CompressAbove", generated, StringComparison.Ordinal);
        }
        else
        {
            // The policy's object initializer, right after the constructor call, holds the one setting.
            Assert.Contains("\"App.AppJson\")!)\n        {\n            " + expected + "\n        };", generated, StringComparison.Ordinal);
        }
    }
}
