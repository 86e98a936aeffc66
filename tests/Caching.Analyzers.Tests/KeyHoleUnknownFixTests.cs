using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CACHE003's fix: a hole naming no parameter is renamed to the one parameter it is nearest to.</summary>
public sealed class KeyHoleUnknownFixTests
{
    private const string Repository = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserRepository(ICacheStore cache)
        {
            [Cached(Key = KEY, Ttl = 600)]
            public partial Task<string?> {|CS8795:GetNameAsync|}(int userId, [NotCacheKey] User owner, [NotCacheKey] DateOnly day, CancellationToken cancellationToken);

            private Task<string?> GetNameCoreAsync(int userId, User owner, DateOnly day, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
        }
        """;

    [Theory]
    [InlineData("\"user:<userID>\"", "\"user:<userId>\"")]
    [InlineData("\"user:<usrId>\"", "\"user:<userId>\"")]
    [InlineData("\"user:<user_id>:<day>\"", "\"user:<userId>:<day>\"")]
    [InlineData("\"owner:<ownr.Name>:<userId>\"", "\"owner:<owner.Name>:<userId>\"")]
    [InlineData("\"day:<dya:yyyy-MM-dd>:<userId>\"", "\"day:<day:yyyy-MM-dd>:<userId>\"")]
    [InlineData("\"{<usrId>}:profile\"", "\"{<userId>}:profile\"")]
    [InlineData("@\"user:<usrId>\"", "@\"user:<userId>\"")]
    [InlineData("\"\"\"user:<usrId>\"\"\"", "\"\"\"user:<userId>\"\"\"")]
    [InlineData("\"<usrId>:\\u0041:<usrId>\"", "\"<userId>:\\u0041:<userId>\"")]
    public Task Fix_RenamesTheHoleToTheNearestParameter(string key, string fixedKey) => Verifier.CodeFixAsync<KeyHoleUnknownCodeFixProvider>(
        new[] { Repository.Replace("KEY", "{|CACHE003:" + key + "|}"), Sources.Domain },
        new[] { Repository.Replace("KEY", fixedKey), Sources.Domain });

    [Theory]
    [InlineData("\"user:<id>\"")] // 'userId' is four edits away
    [InlineData("\"user:<uid>\"")] // 'userId' is three edits away
    [InlineData("\"user:<cancellationToken2>\"")] // a cancellation token is no candidate
    [InlineData("\"owner:<owner.Email>\"")] // an unknown member, not an unknown parameter
    [InlineData("\"<<usrId>>:<usrId>\"")] // an escaped bracket the hole's text also appears in
    public Task Fix_IsNotOfferedWithoutACandidateOrASafeEdit(string key)
    {
        var source = Repository.Replace("KEY", "{|CACHE003:" + key + "|}");
        return Verifier.CodeFixAsync<KeyHoleUnknownCodeFixProvider>(new[] { source, Sources.Domain }, new[] { source, Sources.Domain });
    }

    [Fact]
    public Task Fix_IsNotOfferedWhenTwoParametersAreEquallyNear()
    {
        const string source = """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class Pairs(ICacheStore cache)
            {
                [Cached(Key = {|CACHE003:"pair:<idx>"|}, Ttl = 600)]
                public partial Task<int> {|CS8795:GetAsync|}(int id1, int id2);

                private Task<int> GetCoreAsync(int id1, int id2) => Task.FromResult(id1 + id2);
            }
            """;
        return Verifier.CodeFixAsync<KeyHoleUnknownCodeFixProvider>(source, source);
    }

    [Fact]
    public Task Fix_IsNotOfferedForATemplateThatIsNotALiteral()
    {
        const string source = """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class Users(ICacheStore cache)
            {
                private const string UserKey = "user:<usrId>";

                [Cached(Key = {|CACHE003:UserKey|}, Ttl = 600)]
                public partial Task<int> {|CS8795:GetAsync|}(int userId);

                private Task<int> GetCoreAsync(int userId) => Task.FromResult(userId);
            }
            """;
        return Verifier.CodeFixAsync<KeyHoleUnknownCodeFixProvider>(source, source);
    }

    [Fact]
    public Task Fix_UsesTheSingularOfABatchIdsParameter()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class Names(ICacheStore cache)
            {
                [CachedBatch(Key = {|CACHE003:"name:<di>"|}, Ttl = 600)]
                public partial Task<IReadOnlyDictionary<int, string>> {|CS8795:GetNamesAsync|}(IReadOnlyList<int> ids);

                private Task<IReadOnlyDictionary<int, string>> GetNamesCoreAsync(IReadOnlyList<int> ids) => Task.FromResult<IReadOnlyDictionary<int, string>>(new Dictionary<int, string>());
            }
            """;
        return Verifier.CodeFixAsync<KeyHoleUnknownCodeFixProvider>(source, source.Replace("{|CACHE003:\"name:<di>\"|}", "\"name:<id>\""));
    }

    [Fact]
    public Task FixAll_RenamesTheHolesOfKeysTagsAndInvalidatedTags() => Verifier.FixAllAsync<KeyHoleUnknownCodeFixProvider>(
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Orders(ICacheStore cache)
        {
            [Cached(Key = {|CACHE003:"orders:<usrId>"|}, Ttl = 600, Tags = [{|CACHE003:"user:<userID>"|}])]
            public partial Task<int> {|CS8795:CountAsync|}(int userId);

            [Cached(Key = {|CACHE003:{|CACHE003:"order:<orderid>:<usrId>"|}|}, Ttl = 600, Tags = ["user:<userId>"])]
            public partial Task<int> {|CS8795:TotalAsync|}(int userId, int orderId);

            [InvalidatesTag({|CACHE003:"user:<usrid>"|})]
            public partial Task {|CS8795:ForgetAsync|}(int userId);

            private Task<int> CountCoreAsync(int userId) => Task.FromResult(userId);

            private Task<int> TotalCoreAsync(int userId, int orderId) => Task.FromResult(orderId);

            private Task ForgetCoreAsync(int userId) => Task.CompletedTask;
        }
        """,
        """
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class Orders(ICacheStore cache)
        {
            [Cached(Key = "orders:<userId>", Ttl = 600, Tags = ["user:<userId>"])]
            public partial Task<int> {|CS8795:CountAsync|}(int userId);

            [Cached(Key = "order:<orderId>:<userId>", Ttl = 600, Tags = ["user:<userId>"])]
            public partial Task<int> {|CS8795:TotalAsync|}(int userId, int orderId);

            [InvalidatesTag("user:<userId>")]
            public partial Task {|CS8795:ForgetAsync|}(int userId);

            private Task<int> CountCoreAsync(int userId) => Task.FromResult(userId);

            private Task<int> TotalCoreAsync(int userId, int orderId) => Task.FromResult(orderId);

            private Task ForgetCoreAsync(int userId) => Task.CompletedTask;
        }
        """);

    [Theory]
    [InlineData("userID", new[] { "userId", "user" }, "userId")]
    [InlineData("Id", new[] { "id", "ids" }, "id")]
    [InlineData("ide", new[] { "id", "idx" }, null)]
    [InlineData("name", new[] { "id" }, null)]
    public void Nearest_PrefersAMatchIgnoringCaseAndRefusesTies(string name, string[] candidates, string? expected)
        => Assert.Equal(expected, KeyHoleUnknownCodeFixProvider.Nearest(name, candidates));
}
