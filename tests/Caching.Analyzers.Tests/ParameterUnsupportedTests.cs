using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE014: a parameter is passed by reference, is a ref struct or is a pointer.</summary>
public sealed class ParameterUnsupportedTests
{
    [Theory]
    [InlineData("ref int id", "int id", "is passed by 'ref'")]
    [InlineData("in int id", "int id", "is passed by 'in'")]
    [InlineData("out int id", "int id", "is passed by 'out'")]
    [InlineData("ref readonly int id", "int id", "is passed by 'ref readonly'")]
    [InlineData("ReadOnlySpan<char> id", "ReadOnlySpan<char> id", "is a ref struct")]
    public Task UnsupportedParameter_ReportsCache014AtTheParameter(string parameter, string coreParameter, string reason) => Verifier.AnalyzerAsync(
        $$"""
        using System;
        using Caching;

        namespace App;

        public partial class Lookup(ICacheStore cache)
        {
            [Cached(Key = "lookup", Ttl = 60)]
            public partial {|CACHE025:int|} {|CS8795:Find|}({{parameter}});

            private int FindCore({{coreParameter}}) => 0;
        }
        """,
        Verifier.Diagnostic("CACHE014").WithSpan(9, 29, 9, 29 + parameter.Length).WithArguments("id", reason));

    [Fact]
    public Task PointerParameter_ReportsCache014() => Verifier.AnalyzerAsync("""
        using Caching;

        namespace App;

        public unsafe partial class Lookup(ICacheStore cache)
        {
            [Cached(Key = "lookup", Ttl = 60)]
            public partial {|CACHE025:int|} {|CS8795:Find|}({|CACHE014:byte* data|});

            private int FindCore(byte* data) => 0;
        }
        """);

    [Fact]
    public Task ValueParameters_AreQuiet() => Verifier.AnalyzerAsync("""
        using System;
        using System.Threading;
        using Caching;

        namespace App;

        public partial class Lookup(ICacheStore cache)
        {
            [Cached(Key = "lookup:<id>:<name>:<when>", Ttl = 60)]
            public partial {|CACHE025:int|} Find(int id, string? name, DateOnly? when, CancellationToken cancellationToken = default);

            private int FindCore(int id, string? name, DateOnly? when, CancellationToken cancellationToken) => id;
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class Lookup
        {
            public partial int Find(int id, string? name, DateOnly? when, CancellationToken cancellationToken) => FindCore(id, name, when, cancellationToken);
        }
        """);
}
