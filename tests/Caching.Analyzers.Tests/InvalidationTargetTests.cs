using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>
/// InvalidationTargetAnalyzer, across the compilation: CACHE011 (a tag invalidated that nothing attaches), CACHE012
/// (a tag attached that nothing invalidates) and CACHE029 (an [Invalidates] key no reading method caches).
/// </summary>
public sealed class InvalidationTargetTests
{
    // Reading methods in one type, writing methods (MEMBERS) in another with its own [CacheDefaults].
    private const string Source = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;
        ASSEMBLY

        namespace App;

        public partial class Reader(ICacheStore cache)
        {
            [Cached(Key = "user:<id>", Ttl = 600, Tags = ["user:<id>", "users"])]
            public partial Task<User?> GetUserAsync(int id);

            [CachedBatch(Key = "team:<id>", Ttl = 600, Tags = new[] { "team:<id>" })]
            public partial Task<IReadOnlyDictionary<int, string>> GetTeamsAsync(IEnumerable<int> ids);

            // The default key: GetScore:<playerId>.
            [Cached(Ttl = 60)]
            public partial Task<int> GetScoreAsync(int playerId, CancellationToken cancellationToken);

            private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);

            private Task<IReadOnlyDictionary<int, string>> GetTeamsCoreAsync(IReadOnlyList<int> ids) => Task.FromResult<IReadOnlyDictionary<int, string>>(new Dictionary<int, string>());

            private Task<int> GetScoreCoreAsync(int playerId, CancellationToken cancellationToken) => Task.FromResult(playerId);
        }

        PREFIX
        public partial class Writer(ICacheStore cache)
        {
        MEMBERS
        }

        // Stand-in for the generator's output, which these tests do not run.
        partial class Reader
        {
            public partial Task<User?> GetUserAsync(int id) => GetUserCoreAsync(id);

            public partial Task<IReadOnlyDictionary<int, string>> GetTeamsAsync(IEnumerable<int> ids) => GetTeamsCoreAsync(new List<int>(ids));

            public partial Task<int> GetScoreAsync(int playerId, CancellationToken cancellationToken) => GetScoreCoreAsync(playerId, cancellationToken);
        }
        """;

    // Invalidates every tag Reader attaches, so a test sees only the diagnostics it is about.
    private const string InvalidatesEveryTag = """
            [InvalidatesTag("user:<userId>")]
            [InvalidatesTag("users")]
            [InvalidatesTag("team:<teamId>")]
            public partial Task ResetAsync(int userId, int teamId);

            private Task ResetCoreAsync(int userId, int teamId) => Task.CompletedTask;

            public partial Task ResetAsync(int userId, int teamId) => ResetCoreAsync(userId, teamId);
        """;

    [Fact]
    public Task EveryInvalidationMatchingWhatIsCached_IsQuiet() => Verify(InvalidatesEveryTag + """

            // Keys by shape: other hole names, a batch's key, a default key.
            [Invalidates(Key = "user:<userId>")]
            [Invalidates(Key = "team:<teamId>")]
            [Invalidates(Key = "GetScoreAsync:<userId>")]
            public partial Task DeleteAsync(int userId, int teamId);

            private Task DeleteCoreAsync(int userId, int teamId) => Task.CompletedTask;

            public partial Task DeleteAsync(int userId, int teamId) => DeleteCoreAsync(userId, teamId);
        """);

    [Fact]
    public Task TypoInAnInvalidatedTag_ReportsCache011WithTheTagItMeant() => Verify(
        InvalidatesEveryTag + """

            [InvalidatesTag("usr:<userId>")]
            public partial Task DeleteAsync(int userId);

            private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

            public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
        """,
        Verifier.Diagnostic("CACHE011").WithSpan(39, 21, 39, 35).WithArguments("usr:<userId>", "did you mean 'user:<userId>'?"));

    [Fact]
    public Task InvalidatedTagLikeNothing_ReportsCache011PointingToKnownCacheTags() => Verify(
        InvalidatesEveryTag + """

            [InvalidatesTag("audit:<userId>")]
            public partial Task DeleteAsync(int userId);

            private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

            public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
        """,
        Verifier.Diagnostic("CACHE011").WithSpan(39, 21, 39, 37)
            .WithArguments("audit:<userId>", "correct it, or declare it with [assembly: KnownCacheTags(\"audit:<userId>\")] if another assembly attaches it"));

    [Theory]
    [InlineData("[assembly: KnownCacheTags(\"audit:<id>\")]")]
    [InlineData("[assembly: KnownCacheTags(\"orders\", \"audit:<other>\")]")]
    [InlineData("[assembly: KnownCacheTags(\"orders\")]\n[assembly: KnownCacheTags(\"audit:<x>\")]")]
    public Task TagDeclaredKnown_IsQuiet(string known) => Verify(
        InvalidatesEveryTag + """

            [InvalidatesTag("audit:<userId>")]
            public partial Task DeleteAsync(int userId);

            private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

            public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
        """,
        known);

    [Fact]
    public Task TagAttachedOnlyByAWriteMethod_CountsAsAttached() => Verify(InvalidatesEveryTag + """

            [WriteThrough(Key = "user:<user.Id>", Ttl = 600, Tags = ["user:<user.Id>", "profile:<user.Id>"])]
            public partial Task SaveAsync(User user);

            [InvalidatesTag("profile:<id>")]
            public partial Task ForgetProfileAsync(int id);

            private Task SaveCoreAsync(User user) => Task.CompletedTask;

            private Task ForgetProfileCoreAsync(int id) => Task.CompletedTask;

            public partial Task SaveAsync(User user) => SaveCoreAsync(user);

            public partial Task ForgetProfileAsync(int id) => ForgetProfileCoreAsync(id);
        """);

    [Fact]
    public Task TagsNothingInvalidates_ReportCache012AtEachTag() => Verify(
        """
            [InvalidatesTag("users")]
            public partial Task ResetAsync();

            private Task ResetCoreAsync() => Task.CompletedTask;

            public partial Task ResetAsync() => ResetCoreAsync();
        """,
        "",
        Verifier.Diagnostic("CACHE012").WithSpan(11, 51, 11, 62).WithArguments("user:<id>"),
        Verifier.Diagnostic("CACHE012").WithSpan(14, 63, 14, 74).WithArguments("team:<id>"));

    [Fact]
    public Task TagsDeclaredKnown_AreNotReportedAsNeverInvalidated() => Verify(
        """
            [InvalidatesTag("users")]
            public partial Task ResetAsync();

            private Task ResetCoreAsync() => Task.CompletedTask;

            public partial Task ResetAsync() => ResetCoreAsync();
        """,
        "[assembly: KnownCacheTags(\"user:<userId>\", \"team:<teamId>\")]");

    [Fact]
    public Task InvalidatedKeyWithATypo_ReportsCache029NamingTheNearestKey() => Verify(
        InvalidatesEveryTag + """

            [Invalidates(Key = "usr:<userId>")]
            public partial Task DeleteAsync(int userId);

            private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

            public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
        """,
        Verifier.Diagnostic("CACHE029").WithSpan(39, 24, 39, 38)
            .WithArguments("usr:<userId>", "usr:<userId>", "the nearest cached key is 'user:<id>' of 'Reader.GetUserAsync'"));

    [Fact]
    public Task InvalidatedKeyUnderAnotherKeyPrefix_ReportsCache029SayingSo() => Verify(
        InvalidatesEveryTag + """

            [Invalidates(Key = "user:<userId>")]
            public partial Task DeleteAsync(int userId);

            private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

            public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
        """,
        "",
        "[CacheDefaults(KeyPrefix = \"shop\")]",
        Verifier.Diagnostic("CACHE029").WithSpan(39, 24, 39, 39).WithArguments(
            "user:<userId>",
            "shop:user:<userId>",
            "'Reader.GetUserAsync' reads 'user:<id>', under another [CacheDefaults] KeyPrefix; invalidate it from a type with the same KeyPrefix"));

    [Fact]
    public Task InvalidatedKeyLikeNothing_ReportsCache029() => Verify(InvalidatesEveryTag + """

            [Invalidates(Key = {|CACHE029:"audit:<userId>:<day>"|})]
            public partial Task DeleteAsync(int userId, System.DateOnly day);

            private Task DeleteCoreAsync(int userId, System.DateOnly day) => Task.CompletedTask;

            public partial Task DeleteAsync(int userId, System.DateOnly day) => DeleteCoreAsync(userId, day);
        """);

    [Fact]
    public async Task InvalidationsInGeneratedCode_AreNotReported()
    {
        var test = new Verifier.AnalyzerTest();
        test.TestState.Sources.Add(Code(InvalidatesEveryTag));
        test.TestState.Sources.Add(Sources.Domain);
        test.TestState.Sources.Add(("Other.g.cs", """
            // <auto-generated/>
            #nullable enable
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class Generated(ICacheStore cache)
            {
                [Invalidates(Key = "nothing:<id>")]
                [InvalidatesTag("nothing:<id>")]
                public partial Task DropAsync(int id);

                private Task DropCoreAsync(int id) => Task.CompletedTask;

                public partial Task DropAsync(int id) => DropCoreAsync(id);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task TagsAndKeysOfGeneratedCode_Count()
    {
        // A generated reader attaches a tag and caches a key that user code invalidates: both are found.
        var test = new Verifier.AnalyzerTest();
        test.TestState.Sources.Add(Code(InvalidatesEveryTag + """

                [Invalidates(Key = "report:<reportId>")]
                [InvalidatesTag("report:<reportId>")]
                public partial Task DeleteReportAsync(int reportId);

                private Task DeleteReportCoreAsync(int reportId) => Task.CompletedTask;

                public partial Task DeleteReportAsync(int reportId) => DeleteReportCoreAsync(reportId);
            """));
        test.TestState.Sources.Add(Sources.Domain);
        test.TestState.Sources.Add(("Reports.g.cs", """
            // <auto-generated/>
            #nullable enable
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class Reports(ICacheStore cache)
            {
                [Cached(Key = "report:<id>", Ttl = 60, Tags = ["report:<id>"])]
                public partial Task<int> CountAsync(int id);

                private Task<int> CountCoreAsync(int id) => Task.FromResult(id);

                public partial Task<int> CountAsync(int id) => CountCoreAsync(id);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task WithoutTheGeneratedReader_TheSameInvalidationsReportCache011AndCache029() => Verify(InvalidatesEveryTag + """

            [Invalidates(Key = {|CACHE029:"report:<reportId>"|})]
            [InvalidatesTag({|CACHE011:"report:<reportId>"|})]
            public partial Task DeleteReportAsync(int reportId);

            private Task DeleteReportCoreAsync(int reportId) => Task.CompletedTask;

            public partial Task DeleteReportAsync(int reportId) => DeleteReportCoreAsync(reportId);
        """);

    [Fact]
    public Task Fix_ReplacesTheTagWithTheOneItMeant() => Verifier.CodeFixAsync<TagSuggestionCodeFixProvider>(
        new[]
        {
            Code(InvalidatesEveryTag + """

                    [InvalidatesTag({|CACHE011:"usr:<userId>"|})]
                    [InvalidatesTag({|CACHE011:@"teams:<userId>"|})]
                    [InvalidatesTag({|CACHE011:"audit:<userId>"|})]
                    public partial Task DeleteAsync(int userId);

                    private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

                    public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
                """),
            Sources.Domain,
        },
        new[]
        {
            Code(InvalidatesEveryTag + """

                    [InvalidatesTag("user:<userId>")]
                    [InvalidatesTag("team:<userId>")]
                    [InvalidatesTag({|CACHE011:"audit:<userId>"|})]
                    public partial Task DeleteAsync(int userId);

                    private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

                    public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
                """),
            Sources.Domain,
        });

    [Fact]
    public Task FixAll_ReplacesEveryTypoWithItsOwnSuggestion() => Verifier.FixAllAsync<TagSuggestionCodeFixProvider>(
        new[]
        {
            Code(InvalidatesEveryTag + """

                    [InvalidatesTag({|CACHE011:"usr:<userId>"|})]
                    [InvalidatesTag({|CACHE011:"teams:<userId>"|})]
                    public partial Task DeleteAsync(int userId);

                    private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

                    public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
                """),
            Sources.Domain,
        },
        new[]
        {
            Code(InvalidatesEveryTag + """

                    [InvalidatesTag("user:<userId>")]
                    [InvalidatesTag("team:<userId>")]
                    public partial Task DeleteAsync(int userId);

                    private Task DeleteCoreAsync(int userId) => Task.CompletedTask;

                    public partial Task DeleteAsync(int userId) => DeleteCoreAsync(userId);
                """),
            Sources.Domain,
        });

    private static Task Verify(string members, params DiagnosticResult[] expected) => Verify(members, "", "", expected);

    private static Task Verify(string members, string assemblyAttributes, params DiagnosticResult[] expected) => Verify(members, assemblyAttributes, "", expected);

    private static Task Verify(string members, string assemblyAttributes, string writerAttributes, params DiagnosticResult[] expected)
        => Verifier.AnalyzerAsync(new[] { Code(members, assemblyAttributes, writerAttributes), Sources.Domain }, expected);

    private static string Code(string members, string assemblyAttributes = "", string writerAttributes = "")
        => Source.Replace("ASSEMBLY", assemblyAttributes).Replace("PREFIX", writerAttributes).Replace("MEMBERS\n", members + "\n");
}
