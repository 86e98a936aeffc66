using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE030: TtlFor must name a static TimeSpan method of the type that takes the cached value.</summary>
public sealed class TtlForTests
{
    private const string Repository = """
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "name:<id>", Ttl = 600, TtlFor = TTLFOR)]
            public partial Task<string?> NAME(int id);

            private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>(null);

            HOOK
        }
        """;

    // The analyzer tests do not run the generator, so the partial method always lacks its body (CS8795).
    private static string Source(string ttlFor, string hook)
        => Repository.Replace("TTLFOR", ttlFor).Replace("HOOK", hook).Replace("NAME", "{|CS8795:GetNameAsync|}");

    [Theory]
    [InlineData("private static TimeSpan NameTtl(string? name) => name is null ? TimeSpan.Zero : TimeSpan.FromMinutes(5);")]
    [InlineData("internal static TimeSpan NameTtl(object? value) => TimeSpan.FromSeconds(30);")]
    public Task StaticTimeSpanMethodOfTheValue_IsQuiet(string hook) => Verifier.AnalyzerAsync(
        Source("nameof(NameTtl)", hook));

    [Fact]
    public Task NoSuchMethod_ReportsCache030AtTtlFor() => Verifier.AnalyzerAsync(
        Source("{|CACHE030:\"NameTtl\"|}", ""));

    [Fact]
    public Task InstanceMethod_ReportsCache030_SayingMakeItStatic() => Verifier.AnalyzerAsync(
        Source("nameof(NameTtl)", "private TimeSpan NameTtl(string? name) => TimeSpan.FromSeconds(1);"),
        Verifier.Diagnostic("CACHE030").WithSpan(9, 52, 9, 67).WithArguments("GetNameAsync",
            "'NameTtl' is an instance method; make it static ('private static TimeSpan NameTtl(string? value)'), since the policy calling it is shared by every instance"));

    [Theory]
    [InlineData("private static int NameTtl(string? name) => 1;")]
    [InlineData("private static TimeSpan NameTtl(int id) => TimeSpan.FromSeconds(1);")]
    [InlineData("private static TimeSpan NameTtl(string? name, int extra) => TimeSpan.FromSeconds(1);")]
    public Task WrongSignature_ReportsCache030(string hook) => Verifier.AnalyzerAsync(
        Source("{|CACHE030:nameof(NameTtl)|}", hook));
}
