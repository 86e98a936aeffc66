using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE002: the core method is missing or its signature does not match.</summary>
public sealed class CoreMethodTests
{
    [Fact]
    public Task MissingCoreMethod_ReportsCache002AtTheMethodName() => Verifier.AnalyzerAsync(
        new[]
        {
            """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600)]
                public partial Task<User?> {|CS8795:GetUserAsync|}(int id);

                private Task<User?> LoadUserAsync(int id) => Task.FromResult<User?>(null);
            }
            """,
            Sources.Domain,
        },
        Verifier.Diagnostic("CACHE002").WithSpan(9, 32, 9, 44)
            .WithArguments("GetUserAsync", "has no core method 'GetUserCoreAsync'; add 'private Task<User?> GetUserCoreAsync(int id)'"));

    [Fact]
    public Task CoreMethodWithOtherParameterTypes_ReportsCache002() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<User?> {|CS8795:{|CACHE002:GetUserAsync|}|}(int id, CancellationToken cancellationToken);

            private Task<User?> GetUserCoreAsync(long id, CancellationToken cancellationToken) => Task.FromResult<User?>(null);
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task CoreMethodReturningAnotherType_ReportsCache002() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<User?> {|CS8795:{|CACHE002:GetUserAsync|}|}(int id);

            private Task<string?> GetUserCoreAsync(int id) => Task.FromResult<string?>(null);
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task SynchronousCoreForAnAsynchronousMethod_ReportsCache002() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<User?> {|CS8795:{|CACHE002:GetUserAsync|}|}(int id);

            private User? GetUserCoreAsync(int id) => null;
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task CoreArgumentNamingNoMethod_ReportsCache002AtTheArgument() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600, Core = {|CACHE002:"FetchUser"|})]
            public partial Task<User?> {|CS8795:GetUserAsync|}(int id);

            private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task MatchingCoreMethods_AreQuiet() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public abstract class RepositoryBase
        {
            protected Task<User?> GetUserCoreAsync(int id, CancellationToken cancellationToken) => Task.FromResult<User?>(null);
        }

        public partial class UserRepository(ICacheStore cache) : RepositoryBase
        {
            // The core method is inherited.
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<User?> GetUserAsync(int id, CancellationToken cancellationToken = default);

            // A ValueTask core serves a Task method.
            [Cached(Key = "name:<id>", Ttl = 600)]
            public partial Task<string?> GetNameAsync(int id);

            private ValueTask<string?> GetNameCoreAsync(int id) => new((string?)null);

            // Core names another method.
            [Cached(Key = "age:<id>", Ttl = 600, Core = nameof(ComputeAge))]
            public partial {|CACHE025:int|} GetAge(int id);

            private int ComputeAge(int id) => id % 90;
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;

        namespace App;

        // Stand-in for the generator's output, which these tests do not run.
        partial class UserRepository
        {
            public partial Task<User?> GetUserAsync(int id, CancellationToken cancellationToken) => GetUserCoreAsync(id, cancellationToken);

            public partial Task<string?> GetNameAsync(int id) => GetNameCoreAsync(id).AsTask();

            public partial int GetAge(int id) => ComputeAge(id);
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task Fix_AddsAPrivateCoreMethodThatThrows() => Verifier.CodeFixAsync<AddCoreMethodCodeFixProvider>(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<string?> {|CS8795:{|CACHE002:GetNameAsync|}|}(int id, CancellationToken cancellationToken = default);

            public void Other()
            {
            }
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<string?> {|CS8795:GetNameAsync|}(int id, CancellationToken cancellationToken = default);

            private Task<string?> GetNameCoreAsync(int id, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }

            public void Other()
            {
            }
        }
        """);

    [Fact]
    public Task Fix_ForAStaticSynchronousMethodWithoutUsingSystem_AddsAStaticCore() => Verifier.CodeFixAsync<AddCoreMethodCodeFixProvider>(
        """
        using Caching;

        namespace App;

        public static partial class Prices
        {
            [CacheStore]
            private static readonly ICacheStore Cache = null!;

            [Cached(Key = "price:<sku>", Ttl = 60)]
            public static partial {|CACHE025:decimal|} {|CS8795:{|CACHE002:GetPrice|}|}(string sku);
        }
        """,
        """
        using Caching;

        namespace App;

        public static partial class Prices
        {
            [CacheStore]
            private static readonly ICacheStore Cache = null!;

            [Cached(Key = "price:<sku>", Ttl = 60)]
            public static partial {|CACHE025:decimal|} {|CS8795:GetPrice|}(string sku);

            private static decimal GetPriceCore(string sku)
            {
                throw new System.NotImplementedException();
            }
        }
        """);

    [Fact]
    public Task Fix_AddsTheMethodTheCoreArgumentNames() => Verifier.CodeFixAsync<AddCoreMethodCodeFixProvider>(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600, Core = {|CACHE002:"FetchNameAsync"|})]
            public partial ValueTask<string?> {|CS8795:GetNameAsync|}(int id);
        }
        """,
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600, Core = "FetchNameAsync")]
            public partial ValueTask<string?> {|CS8795:GetNameAsync|}(int id);

            private ValueTask<string?> FetchNameAsync(int id)
            {
                throw new System.NotImplementedException();
            }
        }
        """);

    [Fact]
    public Task Fix_IsNotOfferedWhenAMethodOfThatNameExists()
    {
        const string source = """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600)]
                public partial Task<string?> {|CS8795:{|CACHE002:GetNameAsync|}|}(int id);

                private Task<string?> GetNameCoreAsync(long id) => Task.FromResult<string?>(null);
            }
            """;
        return Verifier.CodeFixAsync<AddCoreMethodCodeFixProvider>(source, source);
    }
}
