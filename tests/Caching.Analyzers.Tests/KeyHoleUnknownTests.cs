using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE003: a key hole names no parameter, or no readable member of one.</summary>
public sealed class KeyHoleUnknownTests
{
    [Fact]
    public Task HoleNamingNoParameter_ReportsCache003AtTheKey() => Verifier.AnalyzerAsync(
        new[]
        {
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<userId>", Ttl = 600)]
                public partial Task<User?> {|CS8795:GetUserAsync|}(int id, CancellationToken cancellationToken);

                private Task<User?> GetUserCoreAsync(int id, CancellationToken cancellationToken) => Task.FromResult<User?>(null);
            }
            """,
            Sources.Domain,
        },
        Verifier.Diagnostic("CACHE003").WithSpan(9, 19, 9, 34)
            .WithArguments("userId", "GetUserAsync", "no parameter is named 'userId'; use one of: id"));

    [Fact]
    public Task HoleNamingNoMember_ReportsCache003ListingTheMembers() => Verifier.AnalyzerAsync(
        new[]
        {
            """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class OrderRepository(ICacheStore cache)
            {
                [Cached(Key = "orders:<user.Email>", Ttl = 600)]
                public partial Task<int> {|CS8795:CountOrdersAsync|}(User user);

                private Task<int> CountOrdersCoreAsync(User user) => Task.FromResult(0);
            }
            """,
            Sources.Domain,
        },
        Verifier.Diagnostic("CACHE003").WithSpan(8, 19, 8, 40)
            .WithArguments("user.Email", "CountOrdersAsync", "'App.User' has no readable member 'Email'; use one of: Id, Name"));

    [Fact]
    public Task HoleInAMethodWithoutParameters_ReportsCache003() => Verifier.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Stats(ICacheStore cache)
        {
            [Cached(Key = {|CACHE003:"count:<id>"|}, Ttl = 60)]
            public partial Task<int> {|CS8795:CountAsync|}();

            private Task<int> CountCoreAsync() => Task.FromResult(0);
        }
        """);

    [Fact]
    public Task HolesNamingParametersAndMembers_AreQuiet() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public sealed record Query(User Owner, string? Term);

        public partial class SearchRepository(ICacheStore cache)
        {
            [Cached(Key = "search:<query.Owner.Id>:<query.Term>:<page>", Ttl = 60)]
            public partial Task<int> CountAsync(Query query, int page);

            private Task<int> CountCoreAsync(Query query, int page) => Task.FromResult(page);
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class SearchRepository
        {
            public partial Task<int> CountAsync(Query query, int page) => CountCoreAsync(query, page);
        }
        """,
        Sources.Domain,
    });
}
