using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE016: the method, or a type around it, is generic.</summary>
public sealed class GenericNotSupportedTests
{
    [Fact]
    public Task GenericMethod_ReportsCache016AtTheMethodName() => Verifier.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Repository(ICacheStore cache)
        {
            [Cached(Key = "item:<id>", Ttl = 60)]
            public partial Task<int> {|CS8795:CountAsync|}<T>(int id);

            private Task<int> CountCoreAsync<T>(int id) => Task.FromResult(id);
        }
        """,
        // Only the real problem: the core is not blamed for matching the generic method.
        Verifier.Diagnostic("CACHE016").WithSpan(9, 30, 9, 40).WithArguments("CountAsync", "it has type parameters"));

    [Fact]
    public Task MethodInAGenericType_ReportsCache016NamingTheType() => Verifier.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Repository<TEntity>(ICacheStore cache)
        {
            [Cached(Key = "count:<id>", Ttl = 60)]
            public partial Task<int> {|CS8795:CountAsync|}(int id);

            private Task<int> CountCoreAsync(int id) => Task.FromResult(id);
        }
        """,
        Verifier.Diagnostic("CACHE016").WithSpan(9, 30, 9, 40).WithArguments("CountAsync", "its containing type 'Repository' is generic"));

    [Fact]
    public Task ClosedGenericTypesInTheSignature_AreQuiet() => Verifier.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public abstract class RepositoryBase<TEntity>
        {
        }

        public partial class Repository(ICacheStore cache) : RepositoryBase<string>
        {
            [Cached(Key = "names:<id>", Ttl = 60)]
            public partial Task<List<string>> GetNamesAsync(int id);

            private Task<List<string>> GetNamesCoreAsync(int id) => Task.FromResult(new List<string>());
        }

        [JsonSerializable(typeof(List<string>))]
        public partial class AppJson : JsonSerializerContext
        {
        }

        // Stand-ins for the generators' output, which these tests do not run.
        partial class Repository
        {
            public partial Task<List<string>> GetNamesAsync(int id) => GetNamesCoreAsync(id);
        }

        partial class AppJson
        {
            public AppJson() : base(null) { }
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """);
}
