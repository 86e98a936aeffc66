using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE032: <c>Layout = CacheLayout.Hash</c> on a value or a method the hash layout cannot serve, on the Layout argument.</summary>
public sealed class HashLayoutUnsupportedTests
{
    private const string Repository = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public enum Tier { Free, Pro }
        public sealed record Address(string City);
        public sealed record Flat(int Id, string Name, Tier Tier, DateTimeOffset Joined, Guid? Key, byte[]? Avatar)
        {
            public string Display => Name + Id;
        }
        public sealed record Small(int Id, string Name);
        public sealed record Nested(int Id, Address Home);
        public sealed record WithList(int Id, List<string> Tags);
        public sealed class GetOnly
        {
            public GetOnly(int id) => Id = id;
            public int Id { get; }
            public string Name { get; } = "";
        }

        DEFAULTS
        public partial class Repository(ICacheStore cache)
        {
            [ATTRIBUTE]
            public partial RETURN {|CS8795:GetAsync|}(int id);

            private RETURN GetCoreAsync(int id) => default!;
        }
        """;

    private static string Source(string attribute, string returnType = "Task<Flat?>", string defaults = "")
        => Repository.Replace("ATTRIBUTE", attribute).Replace("RETURN", returnType).Replace("DEFAULTS", defaults);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult At0(string message)
        => Verifier.Diagnostic("CACHE032").WithLocation(0).WithArguments("GetAsync", message);

    private const string Hash = "Layout = {|#0:CacheLayout.Hash|}";

    [Fact]
    public Task FlatRecord_IsQuiet() => Verifier.AnalyzerAsync(
        Source("Cached(Key = \"flat:<id>\", Ttl = 600, Layout = CacheLayout.Hash)"));

    [Fact]
    public Task NestedObject_NamesTheProperty() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"n:<id>\", Ttl = 600, {Hash})", "Task<Nested?>"),
        At0("property 'Home' is a 'App.Address', not a string, number, bool, enum, date, time, Guid or byte[]; use Layout = Json for nested objects and collections"));

    [Fact]
    public Task Collection_NamesTheProperty() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"l:<id>\", Ttl = 600, {Hash})", "Task<WithList?>"),
        At0("property 'Tags' is a 'System.Collections.Generic.List<string>', not a string, number, bool, enum, date, time, Guid or byte[]; use Layout = Json for nested objects and collections"));

    [Fact]
    public Task GetOnlyAutoPropertyNoConstructorSets_IsReported() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"g:<id>\", Ttl = 600, {Hash})", "Task<GetOnly?>"),
        At0("property 'Name' has no public setter or init accessor and no constructor parameter sets it, so it cannot be read back"));

    [Fact]
    public Task StringValue_IsNotAType() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"s:<id>\", Ttl = 600, {Hash})", "Task<string?>"),
        At0("'string?' is not a class, record or struct of the application with properties"));

    [Fact]
    public Task Tags_AreReported() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"t:<id>\", Ttl = 600, Tags = [{{|#1:\"flat:<id>\"|}}], {Hash})"),
        Verifier.Diagnostic("CACHE012").WithLocation(1).WithArguments("flat:<id>"),
        At0("tags are checked against a digest stored with a string entry, which a hash does not carry; remove Tags or use Layout = Json"));

    [Fact]
    public Task LocalTtl_IsReported() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"t:<id>\", Ttl = 600, LocalTtl = 30, {Hash})", "Task<Small?>"),
        At0("L1 (LocalTtl) is not supported with the hash layout; set LocalTtl = 0"));

    [Fact]
    public Task FailSafeFromTheType_IsReported() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"t:<id>\", Ttl = 600, {Hash})", defaults: "[CacheDefaults(FailSafe = 60)]"),
        At0("[CacheDefaults] FailSafe is 60, and fail-safe (FailSafe) is not supported with the hash layout; set FailSafe = 0 on this method"));

    [Fact]
    public Task CompressAbove_IsReported() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"t:<id>\", Ttl = 600, CompressAbove = 1024, {Hash})"),
        At0("a hash's fields cannot be compressed; set CompressAbove = 0"));

    [Fact]
    public Task RefreshAhead_IsReported() => Verifier.AnalyzerAsync(
        Source($"Cached(Key = \"t:<id>\", Ttl = 600, RefreshAhead = 0.8, {Hash})"),
        At0("refresh-ahead (RefreshAhead) is not supported with the hash layout; set RefreshAhead = 0"));
}
