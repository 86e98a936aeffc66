using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Keys;

/// <summary>CACHE025: a synchronous [Cached] method.</summary>
public sealed class CachedMethodSynchronousTests
{
    private const string Repository = """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Prices(ICacheStore cache)
        {
            [Cached(Key = "price:<sku>", Ttl = 600)]
            public partial RETURN {|CS8795:GetPrice|}(string sku);

            private RETURN GetPriceCore(string sku) => default!;
        }
        """;

    [Theory]
    [InlineData("decimal")]
    [InlineData("string?")]
    [InlineData("byte[]")]
    public Task SynchronousMethod_ReportsCache025AtTheReturnType(string returnType) => Verifier.AnalyzerAsync(
        Repository.Replace("public partial RETURN", "public partial {|CACHE025:" + returnType + "|}").Replace("RETURN", returnType));

    [Theory]
    [InlineData("Task<decimal>")]
    [InlineData("ValueTask<string?>")]
    public Task AsynchronousMethod_IsQuiet(string returnType) => Verifier.AnalyzerAsync(
        Repository.Replace("RETURN", returnType).Replace("GetPrice", "GetPriceAsync").Replace("GetPriceAsyncCore", "GetPriceCoreAsync"));
}
