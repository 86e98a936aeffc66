using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>CachedBatchAnalyzer: the shared rules of [CachedBatch] (CACHE028 for its signature) and CACHE017 for its values.</summary>
public sealed class CachedBatchTests
{
    private const string Batch = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public sealed record Badge(string Name);

        public partial class UserBatches(ICacheStore cache)
        {
            [CachedBatch(Key = "user:<id>", Ttl = 600)]
            public partial RETURN GetUsersAsync(PARAMETERS);
        CORE
        }
        """;

    private const string Core = """
            private Task<IReadOnlyDictionary<int, User>> GetUsersCoreAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
                => Task.FromResult<IReadOnlyDictionary<int, User>>(new Dictionary<int, User>());
        """;

    [Fact]
    public Task BatchReturningAList_ReportsCache028AtTheReturnType() => Verify(
        "{|CACHE028:Task<List<User>>|}", "{|CS8795:GetUsersAsync|}", "IEnumerable<int> ids, CancellationToken cancellationToken", Core);

    [Fact]
    public Task SynchronousBatch_ReportsCache028() => Verify(
        "{|CACHE028:IReadOnlyDictionary<int, User>|}", "{|CS8795:GetUsersAsync|}", "IEnumerable<int> ids", "");

    [Fact]
    public Task BatchWithTwoCollections_ReportsCache028AtTheMethod() => Verifier.AnalyzerAsync(
        new[] { Source("Task<IReadOnlyDictionary<int, User>>", "GetUsersAsync", "IEnumerable<int> ids, int[] regions", ""), Sources.Domain },
        Verifier.Diagnostic("CS8795").WithSpan(13, 57, 13, 70).WithArguments("App.UserBatches.GetUsersAsync(System.Collections.Generic.IEnumerable<int>, int[])"),
        Verifier.Diagnostic("CACHE028").WithSpan(13, 57, 13, 70)
            .WithArguments("GetUsersAsync", "it must take exactly one collection of ids (IEnumerable<int>), but takes 2"));

    [Fact]
    public Task IdsOfAnotherTypeThanTheKeys_ReportsCache028() => Verify(
        "Task<IReadOnlyDictionary<int, User>>", "{|CS8795:{|CACHE028:GetUsersAsync|}|}", "IEnumerable<long> ids", "");

    [Fact]
    public Task MissingCore_ReportsCache002AtTheMethod() => Verifier.AnalyzerAsync(
        new[] { Source("Task<IReadOnlyDictionary<int, User>>", "GetUsersAsync", "IEnumerable<int> ids", ""), Sources.Domain },
        Verifier.Diagnostic("CS8795").WithSpan(13, 57, 13, 70).WithArguments("App.UserBatches.GetUsersAsync(System.Collections.Generic.IEnumerable<int>)"),
        Verifier.Diagnostic("CACHE002").WithSpan(13, 57, 13, 70)
            .WithArguments("GetUsersAsync", "has no core method 'GetUsersCoreAsync'; add 'private Task<IReadOnlyDictionary<int, User>> GetUsersCoreAsync(IReadOnlyList<int> ids)', called with the misses only"));

    [Fact]
    public Task Fix_AddsACoreThatTheBatchAccepts() => Verifier.CodeFixAsync<AddCoreMethodCodeFixProvider>(
        new[] { Source("Task<IReadOnlyDictionary<int, User>>", "{|CS8795:{|CACHE002:GetUsersAsync|}|}", "IEnumerable<int> ids", ""), Sources.Domain },
        new[]
        {
            Source("Task<IReadOnlyDictionary<int, User>>", "{|CS8795:GetUsersAsync|}", "IEnumerable<int> ids", """
                    private Task<IReadOnlyDictionary<int, User>> GetUsersCoreAsync(IEnumerable<int> ids)
                    {
                        throw new System.NotImplementedException();
                    }
                """),
            Sources.Domain,
        });

    [Fact]
    public Task ValueTypeInNoContext_ReportsCache017AtTheReturnType() => Verifier.AnalyzerAsync(
        new[]
        {
            Source("{|CACHE017:Task<IReadOnlyDictionary<int, Badge>>|}", "{|CS8795:GetUsersAsync|}", "IEnumerable<int> ids", """
                    private Task<IReadOnlyDictionary<int, Badge>> GetUsersCoreAsync(IReadOnlyList<int> ids) => Task.FromResult<IReadOnlyDictionary<int, Badge>>(new Dictionary<int, Badge>());
                """),
            Sources.Domain,
        });

    [Fact]
    public Task UnknownHoleInTheKey_ReportsCache003ListingTheIdAlias() => Verifier.AnalyzerAsync(
        new[] { Source("Task<IReadOnlyDictionary<int, User>>", "{|CS8795:GetUsersAsync|}", "IEnumerable<int> ids, CancellationToken cancellationToken", Core).Replace("user:<id>", "user:<userId>"), Sources.Domain },
        Verifier.Diagnostic("CACHE003").WithSpan(12, 24, 12, 39)
            .WithArguments("userId", "GetUsersAsync", "no parameter is named 'userId'; use one of: id"));

    [Fact]
    public Task BatchAndCached_ReportsCache019AtTheCachedAndEachAnalyzerItsOwnProblems() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public partial class UserBatches(ICacheStore cache)
        {
            [{|CACHE019:Cached(Key = "all-users", Ttl = 600)|}]
            [CachedBatch(Key = "user:<id>", Ttl = 600)]
            public partial {|CACHE017:Task<IReadOnlyDictionary<int, User>>|} {|CS8795:GetUsersAsync|}({|CACHE008:IEnumerable<int> ids|});

            private Task<IReadOnlyDictionary<int, User>> GetUsersCoreAsync(IEnumerable<int> ids) => Task.FromResult<IReadOnlyDictionary<int, User>>(new Dictionary<int, User>());
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task BatchAndInvalidates_ReportsCache019AtTheInvalidates() => Verifier.AnalyzerAsync(
        new[]
        {
            Source("Task<IReadOnlyDictionary<int, User>>", "{|CS8795:GetUsersAsync|}", "IEnumerable<int> ids, CancellationToken cancellationToken", Core)
                .Replace("    [CachedBatch(", "    [{|CACHE019:Invalidates(Key = \"user:<id>\")|}]\n    [CachedBatch("),
            Sources.Domain,
        });

    [Fact]
    public Task UnknownHoleInTheSecondTag_ReportsCache003AtThatTag() => Verifier.AnalyzerAsync(
        new[]
        {
            Source("Task<IReadOnlyDictionary<int, User>>", "{|CS8795:GetUsersAsync|}", "IEnumerable<int> ids, CancellationToken cancellationToken", Core + """

                    [InvalidatesTag("user:<id>")]
                    public partial Task {|CS8795:ForgetUserAsync|}(int id);

                    private Task ForgetUserCoreAsync(int id) => Task.CompletedTask;
                """).Replace("Ttl = 600)]", "Ttl = 600, Tags = [\"user:<id>\", \"user:<userId>\"])]"),
            Sources.Domain,
        },
        Verifier.Diagnostic("CACHE003").WithSpan(12, 69, 12, 84)
            .WithArguments("userId", "GetUsersAsync", "no parameter is named 'userId'; use one of: id"));

    [Fact]
    public Task ValidBatches_AreQuiet() => Verifier.AnalyzerAsync(new[]
    {
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        [CacheDefaults(Ttl = 600)]
        public partial class UserBatches(ICacheStore cache)
        {
            // Task and ValueTask; an array of ids; a hole naming another parameter; raw values need no context.
            [CachedBatch(Key = "user:<id>")]
            public partial Task<IReadOnlyDictionary<int, User>> GetUsersAsync(IEnumerable<int> ids, CancellationToken cancellationToken = default);

            [CachedBatch(Key = "name:<tenant>:<id>")]
            public partial ValueTask<IReadOnlyDictionary<long, string>> GetNamesAsync(string tenant, long[] ids);

            private Task<IReadOnlyDictionary<int, User>> GetUsersCoreAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
                => Task.FromResult<IReadOnlyDictionary<int, User>>(new Dictionary<int, User>());

            private ValueTask<IReadOnlyDictionary<long, string>> GetNamesCoreAsync(string tenant, IEnumerable<long> ids)
                => new(new Dictionary<long, string>());
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class UserBatches
        {
            public partial Task<IReadOnlyDictionary<int, User>> GetUsersAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
                => GetUsersCoreAsync(new List<int>(ids), cancellationToken);

            public partial ValueTask<IReadOnlyDictionary<long, string>> GetNamesAsync(string tenant, long[] ids) => GetNamesCoreAsync(tenant, ids);
        }
        """,
        Sources.Domain,
    });

    [Fact]
    public Task GenericBatch_ReportsCache016Once() => Verify(
        "Task<IReadOnlyDictionary<int, User>>", "{|CS8795:{|CACHE016:GetUsersAsync|}|}<T>", "IEnumerable<int> ids", Core.Replace("CancellationToken cancellationToken", "").Replace("ids, )", "ids)"));

    private static Task Verify(string returnType, string name, string parameters, string core)
        => Verifier.AnalyzerAsync(new[] { Source(returnType, name, parameters, core), Sources.Domain });

    private static string Source(string returnType, string name, string parameters, string core)
        => Batch.Replace("RETURN", returnType).Replace("GetUsersAsync(PARAMETERS)", name + "(" + parameters + ")").Replace("CORE\n", core.Length == 0 ? "" : "\n" + core + "\n");
}
