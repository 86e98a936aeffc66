using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE015: the method returns nothing to cache.</summary>
public sealed class ReturnTypeUnsupportedTests
{
    [Theory]
    [InlineData("void")]
    [InlineData("Task")]
    [InlineData("ValueTask")]
    [InlineData("Span<byte>")]
    public Task ReturnTypeWithoutAValue_ReportsCache015AtTheReturnType(string returnType) => Verifier.AnalyzerAsync(
        $$"""
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Audit(ICacheStore cache)
        {
            [Cached(Key = "audit:<id>", Ttl = 60)]
            public partial {|CACHE015:{{returnType}}|} {|CS8795:RecordAsync|}(int id);
        }
        """);

    [Fact]
    public Task ValueReturningShapes_AreQuiet() => Verifier.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Audit(ICacheStore cache)
        {
            [Cached(Key = "count:<id>", Ttl = 60)]
            public partial Task<int> CountAsync(int id);

            [Cached(Key = "name:<id>", Ttl = 60)]
            public partial ValueTask<string?> GetNameAsync(int id);

            [Cached(Key = "blob:<id>", Ttl = 60)]
            public partial {|CACHE025:byte[]|} GetBlob(int id);

            [Cached(Key = "seen:<id>", Ttl = 60)]
            public partial {|CACHE025:DateTime?|} GetLastSeen(int id);

            private Task<int> CountCoreAsync(int id) => Task.FromResult(id);

            private ValueTask<string?> GetNameCoreAsync(int id) => new((string?)null);

            private byte[] GetBlobCore(int id) => new byte[id];

            private DateTime? GetLastSeenCore(int id) => null;
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class Audit
        {
            public partial Task<int> CountAsync(int id) => CountCoreAsync(id);

            public partial ValueTask<string?> GetNameAsync(int id) => GetNameCoreAsync(id);

            public partial byte[] GetBlob(int id) => GetBlobCore(id);

            public partial DateTime? GetLastSeen(int id) => GetLastSeenCore(id);
        }
        """);
}
