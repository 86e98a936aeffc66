using System;
using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE020: a hash tag without a hole, or a second hash tag, in a key meant for Redis Cluster.</summary>
public sealed class HashTagPinsSlotTests
{
    private static readonly string[] Cluster = { "caching_redis.topology = cluster" };

    [Fact]
    public Task ConstantHashTag_OnACluster_ReportsCache020() => Verifier.AnalyzerWithOptionsAsync(
        KeyRepository.With("[Cached(Key = \"{reports}:<id>\", Ttl = 600)]", "int id", "int id"),
        Cluster,
        Array.Empty<string>(),
        Verifier.Diagnostic("CACHE020").WithSpan(13, 19, 13, 35).WithArguments(
            "{reports}:<id>",
            "has the hash tag '{reports}' with no hole in it, so every key of this method hashes to one cluster slot and one node serves them all; put the hole in the tag ('{user:<id>}'), or remove the braces"));

    [Fact]
    public Task SecondHashTag_OnACluster_ReportsCache020() => Verifier.AnalyzerWithOptionsAsync(
        KeyRepository.With("[Cached(Key = \"{user:<id>}:{orders}\", Ttl = 600)]", "int id", "int id"),
        Cluster,
        Array.Empty<string>(),
        Verifier.Diagnostic("CACHE020").WithSpan(13, 19, 13, 41).WithArguments(
            "{user:<id>}:{orders}",
            "has a second hash tag '{orders}', which Redis ignores: only the first '{…}' of a key chooses its slot; remove the second pair of braces"));

    [Fact]
    public Task ConstantHashTagInTheTypePrefix_OnACluster_ReportsCache020() => Verifier.AnalyzerWithOptionsAsync(
        KeyRepository.With("[Cached(Key = {|CACHE020:\"report:<id>\"|}, Ttl = 600)]", "int id", "int id", typeAttributes: "[CacheDefaults(KeyPrefix = \"{app}\")]"),
        Cluster,
        Array.Empty<string>());

    [Fact]
    public Task ClusterFromTheMSBuildProperty_Counts() => Verifier.AnalyzerWithOptionsAsync(
        KeyRepository.With("[Cached(Key = {|CACHE020:\"{reports}:<id>\"|}, Ttl = 600)]", "int id", "int id"),
        Array.Empty<string>(),
        new[] { "CachingRedisTopology=cluster" });

    [Theory]
    [InlineData("{user:<id>}:profile")]
    [InlineData("user:{<id>}:profile")]
    [InlineData("report:<id>")]
    [InlineData("{}:report:<id>")]
    [InlineData("{settings}")]
    public Task HoleInTheTagOrNoTag_OnACluster_IsQuiet(string key) => Verifier.AnalyzerWithOptionsAsync(
        KeyRepository.With("[Cached(Key = \"" + key + "\", Ttl = 600)]", key.Contains("<id>", StringComparison.Ordinal) ? "int id" : "", key.Contains("<id>", StringComparison.Ordinal) ? "int id" : ""),
        Cluster,
        Array.Empty<string>());

    [Theory]
    [InlineData("caching_redis.topology = standalone")]
    [InlineData("caching_redis.topology = unknown")]
    public Task ConstantHashTag_WhenNotACluster_IsQuiet(string setting) => Verifier.AnalyzerWithOptionsAsync(
        KeyRepository.With("[Cached(Key = \"{reports}:<id>\", Ttl = 600)]", "int id", "int id"),
        new[] { setting },
        Array.Empty<string>());

    [Fact]
    public Task ConstantHashTag_WithoutSettings_IsQuiet() => Verifier.AnalyzerAsync(
        KeyRepository.With("[Cached(Key = \"{reports}:<id>\", Ttl = 600)]", "int id", "int id"));
}
