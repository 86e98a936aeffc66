using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE001: a [Cached] method, or a type around it, is not partial.</summary>
public sealed class NotPartialTests
{
    [Fact]
    public Task MethodWithBody_ReportsCache001AtTheMethodName() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public async Task<User?> {|CACHE001:GetUserAsync|}(int id)
            {
                return await GetUserCoreAsync(id);
            }

            private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(new User(id, "Ada"));
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task PartialMethodInNonPartialType_ReportsCache001() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<User?> {|CS0751:{|CS8795:{|CACHE001:GetUserAsync|}|}|}(int id);

            private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task NonPartialOuterType_ReportsCache001NamingIt() => Verifier.AnalyzerAsync(
        new[]
        {
            """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public class Services
            {
                public partial class UserRepository(ICacheStore cache)
                {
                    [Cached(Key = "user:<id>", Ttl = 600)]
                    public partial Task<User?> {|CS8795:GetUserAsync|}(int id);

                    private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);
                }
            }
            """,
            Sources.Domain,
        },
        Verifier.Diagnostic("CACHE001").WithSpan(11, 36, 11, 48).WithArguments("GetUserAsync", "add 'partial' to the declaration of 'Services'"));

    [Fact]
    public Task PartialMethodInNestedPartialTypes_IsQuiet() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public static partial class Services
        {
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600)]
                public partial Task<User?> GetUserAsync(int id);

                private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);

                // Not cached, so free to have a body.
                public Task<User?> GetUserUncachedAsync(int id) => GetUserCoreAsync(id);
            }
        }
        """,
        """
        using System.Threading.Tasks;

        namespace App;

        // Stand-in for the generator's output, which these tests do not run.
        static partial class Services
        {
            partial class UserRepository
            {
                public partial Task<User?> GetUserAsync(int id) => GetUserCoreAsync(id);
            }
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task SomeOtherCachedAttribute_IsQuiet() => Verifier.AnalyzerAsync("""
        using System;

        namespace Other
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class CachedAttribute : Attribute
            {
                public int Ttl { get; set; }
            }

            public class Repository
            {
                [Cached(Ttl = 60)]
                public int Count() => 42;
            }
        }
        """);

    [Fact]
    public Task Fix_AddsPartialToTheMethodAndEveryContainingType() => Verifier.CodeFixAsync<MakePartialCodeFixProvider>(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public static class Services
        {
            /// <summary>Users.</summary>
            public sealed class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600)]
                public Task<string?> {|CS0501:{|CACHE001:{|CACHE001:{|CACHE001:GetNameAsync|}|}|}|}(int id);

                private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>("Ada");
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public static partial class Services
        {
            /// <summary>Users.</summary>
            public sealed partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600)]
                public partial Task<string?> {|CS8795:GetNameAsync|}(int id);

                private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>("Ada");
            }
        }
        """,
        iterations: 1);

    [Fact]
    public Task Fix_IsNotOfferedForAMethodWithABody()
    {
        const string source = """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600)]
                public Task<string?> {|CACHE001:GetNameAsync|}(int id) => GetNameCoreAsync(id);

                private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>("Ada");
            }
            """;
        return Verifier.CodeFixAsync<MakePartialCodeFixProvider>(source, source);
    }

    [Fact]
    public Task FixAll_MakesEveryMethodAndTheTypePartialOnce() => Verifier.FixAllAsync<MakePartialCodeFixProvider>(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public Task<string?> {|CS0501:{|CACHE001:{|CACHE001:GetNameAsync|}|}|}(int id);

            [Cached(Key = "user-age:<id>", Ttl = 600)]
            public Task<int> {|CS0501:{|CACHE001:{|CACHE001:GetAgeAsync|}|}|}(int id);

            private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>("Ada");

            private Task<int> GetAgeCoreAsync(int id) => Task.FromResult(36);
        }
        """,
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600)]
            public partial Task<string?> {|CS8795:GetNameAsync|}(int id);

            [Cached(Key = "user-age:<id>", Ttl = 600)]
            public partial Task<int> {|CS8795:GetAgeAsync|}(int id);

            private Task<string?> GetNameCoreAsync(int id) => Task.FromResult<string?>("Ada");

            private Task<int> GetAgeCoreAsync(int id) => Task.FromResult(36);
        }
        """);
}
