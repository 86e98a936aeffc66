using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE013: two cached methods that build the same keys (a compilation-end rule).</summary>
public sealed class KeysCollideTests
{
    private static string Repository(string type, string key, string method = "GetNameAsync", string value = "string?", string parameter = "int id", string defaults = "")
        => $$"""
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            {{defaults}}
            public partial class {{type}}(ICacheStore cache)
            {
                [Cached({{key}}Ttl = 600)]
                public partial Task<{{value}}> {|CS8795:{{method}}|}({{parameter}});

                private Task<{{value}}> {{method.Replace("Async", "CoreAsync")}}({{parameter}}) => Task.FromResult<{{value}}>(default!);
            }
            """;

    [Fact]
    public Task DefaultKeysOfTwoTypes_ReportCache013OnBoth() => Verifier.AnalyzerAsync(
        new[] { Repository("Users", ""), Repository("Products", "") },
        Verifier.Diagnostic("CACHE013").WithSpan("/0/Test0.cs", 9, 6, 9, 23)
            .WithArguments("GetNameAsync:<id>", "Users.GetNameAsync", "GetNameAsync:<id>", "Products.GetNameAsync"),
        Verifier.Diagnostic("CACHE013").WithSpan("/0/Test1.cs", 9, 6, 9, 23)
            .WithArguments("GetNameAsync:<id>", "Products.GetNameAsync", "GetNameAsync:<id>", "Users.GetNameAsync"));

    [Fact]
    public Task SameShapeWithOtherHoles_ReportsCache013AtTheKeys() => Verifier.AnalyzerAsync(
        new[]
        {
            Repository("Users", "Key = {|#0:\"user:<id>\"|}, ", "GetNameAsync"),
            Repository("Accounts", "Key = {|#1:\"user:<email>\"|}, ", "GetNameByEmailAsync", parameter: "string email"),
        },
        Verifier.Diagnostic("CACHE013").WithLocation(0).WithArguments("user:<id>", "Users.GetNameAsync", "user:<email>", "Accounts.GetNameByEmailAsync"),
        Verifier.Diagnostic("CACHE013").WithLocation(1).WithArguments("user:<email>", "Accounts.GetNameByEmailAsync", "user:<id>", "Users.GetNameAsync"));

    [Fact]
    public Task SameKeyTextOnPurpose_IsQuiet() => Verifier.AnalyzerAsync(
        new[] { Repository("Users", "Key = \"user:<id>\", "), Repository("Profiles", "Key = \"user:<id>\", ") });

    [Fact]
    public Task OtherValueTypes_AreQuiet_BecauseTheSchemaSuffixDiffers() => Verifier.AnalyzerAsync(
        new[] { Repository("Users", ""), Repository("Products", "", value: "int") });

    [Fact]
    public Task OtherTypePrefixes_AreQuiet() => Verifier.AnalyzerAsync(
        new[] { Repository("Users", "", defaults: "[CacheDefaults(KeyPrefix = \"users\")]"), Repository("Products", "", defaults: "[CacheDefaults(KeyPrefix = \"products\")]") });

    [Fact]
    public Task OtherLiteralText_IsQuiet() => Verifier.AnalyzerAsync(
        new[] { Repository("Users", "Key = \"user:<id>\", "), Repository("Products", "Key = \"product:<id>\", ") });
}
