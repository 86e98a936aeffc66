using System.Linq;
using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>
/// WriteMethodAnalyzer: the shared rules of [WriteThrough], [WriteBehind], [Invalidates] and [InvalidatesTag], each
/// problem on the attribute it belongs to, and CACHE017 for what a write method stores or queues.
/// </summary>
public sealed class WriteMethodTests
{
    // Members go inside UserWriter, from line 12, indented like the rest of the class.
    private const string Header = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace App;

        public sealed record AuditEntry(string Who, DateTimeOffset At);

        public partial class UserWriter(ICacheStore cache)
        {

        """;

    [Fact]
    public Task UnknownHoleInTheSecondInvalidatesKey_ReportsCache003AtThatKey() => Verify(
        """
        [Invalidates(Key = "user:<id>")]
        [Invalidates(Key = "orders:<userId>")]
        public partial Task {|CS8795:DeleteUserAsync|}(int id);

        private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
        """,
        Verifier.Diagnostic("CACHE003").WithSpan(13, 24, 13, 41)
            .WithArguments("userId", "DeleteUserAsync", "no parameter is named 'userId'; use one of: id"));

    [Fact]
    public Task UnknownHoleInInvalidatesTag_ReportsCache003AtTheTag() => Verify(
        """
        [Invalidates(Key = "user:<id>")]
        [InvalidatesTag({|CACHE003:"user:<userId>"|})]
        public partial Task {|CS8795:DeleteUserAsync|}(int id);

        private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
        """);

    [Fact]
    public Task UnknownHoleInAWriteThroughTag_ReportsCache003AtThatTag() => Verify(
        """
        [WriteThrough(Key = "user:<user.Id>", Ttl = 600, Tags = ["user:<user.Id>", "user:<id>"])]
        public partial Task {|CS8795:SaveUserAsync|}(User user);

        private Task SaveUserCoreAsync(User user) => Task.CompletedTask;
        """,
        Verifier.Diagnostic("CACHE003").WithSpan(12, 80, 12, 91)
            .WithArguments("id", "SaveUserAsync", "no parameter is named 'id'; use one of: user"));

    [Fact]
    public Task UnknownHoleInAWriteBehindTagOfAnArrayCreation_ReportsCache003AtThatTag() => Verify(
        """
        [WriteBehind(Key = "user:<user.Id>", Ttl = 600, Tags = new[] { {|CACHE003:"user:<id>"|}, "user:<user.Id>" })]
        public partial Task {|CS8795:SaveUserLaterAsync|}(User user);

        private Task SaveUserLaterCoreAsync(User user) => Task.CompletedTask;
        """);

    [Fact]
    public Task ValueNamingNoParameter_ReportsCache027AtValue() => Verify(
        """
        [WriteThrough(Key = "user:<user.Id>", Ttl = 600, Value = "usr")]
        public partial Task {|CS8795:SaveUserAsync|}(User user, int version);

        private Task SaveUserCoreAsync(User user, int version) => Task.CompletedTask;
        """,
        Verifier.Diagnostic("CACHE027").WithSpan(12, 62, 12, 67)
            .WithArguments("SaveUserAsync", "Value names 'usr', which is not one of its parameters; use one of: user, version"));

    [Fact]
    public Task SeveralParametersAndNoValue_ReportsCache027AtTheAttribute() => Verify(
        """
        [{|CACHE027:WriteBehind(Key = "user:<user.Id>", Ttl = 600)|}]
        public partial Task {|CS8795:SaveUserLaterAsync|}(User user, int version, CancellationToken cancellationToken);

        private Task SaveUserLaterCoreAsync(User user, int version, CancellationToken cancellationToken) => Task.CompletedTask;
        """);

    [Fact]
    public Task NoParameterAndNoResult_ReportsCache027AtTheMethod() => Verify(
        """
        [WriteThrough(Key = "settings", Ttl = 600)]
        public partial Task {|CS8795:{|CACHE027:TouchAsync|}|}(CancellationToken cancellationToken);

        private Task TouchCoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        """);

    [Fact]
    public Task WriteThroughAndWriteBehind_ReportsCache019AtTheWriteBehind() => Verify(
        """
        [WriteThrough(Key = "user:<user.Id>", Ttl = 600)]
        [WriteBehind(Key = "user:<user.Id>", Ttl = 600)]
        public partial Task {|CS8795:SaveUserAsync|}(User user);

        private Task SaveUserCoreAsync(User user) => Task.CompletedTask;
        """,
        Verifier.Diagnostic("CACHE019").WithSpan(13, 6, 13, 52)
            .WithArguments("SaveUserAsync", "it has both [WriteThrough] and [WriteBehind]; keep one"));

    [Fact]
    public Task CachedAndWriteThrough_ReportsCache019OnceAtTheCached() => Verify(
        """
        [{|CACHE019:Cached(Key = "user:<id>", Ttl = 600)|}]
        [WriteThrough(Key = "user:<id>", Ttl = 600)]
        public partial Task<User?> {|CS8795:RefreshUserAsync|}(int id);

        private Task<User?> RefreshUserCoreAsync(int id) => Task.FromResult<User?>(null);
        """);

    [Fact]
    public Task CachedAndWriteThroughWithoutCore_ReportsCache002OnlyOnce() => Verify(
        """
        [{|CACHE019:Cached(Key = "user:<id>", Ttl = 600)|}]
        [WriteThrough(Key = "user:<id>", Ttl = 600)]
        public partial Task<User?> {|CS8795:{|CACHE002:RefreshUserAsync|}|}(int id);
        """);

    [Fact]
    public Task WriteBehindArgumentInNoContext_ReportsCache017AtTheParameter() => Verify(
        """
        [WriteBehind(Key = "user:<user.Id>", Ttl = 600, Value = nameof(user))]
        public partial Task {|CS8795:SaveUserLaterAsync|}(User user, AuditEntry audit, CancellationToken cancellationToken = default);

        private Task SaveUserLaterCoreAsync(User user, AuditEntry audit, CancellationToken cancellationToken) => Task.CompletedTask;
        """,
        Verifier.Diagnostic("CACHE017").WithSpan(13, 55, 13, 71)
            .WithArguments("App.AuditEntry", "add [JsonSerializable(typeof(App.AuditEntry))] to 'App.AppJson'"));

    [Fact]
    public Task WriteBehindWithRawArguments_NeedsNoContextForThem() => Verify(
        """
        [WriteBehind(Key = "user:<user.Id>", Ttl = 600, Value = nameof(user))]
        public partial Task SaveUserLaterAsync(User user, string reason, DateTimeOffset at, Guid requestId, CancellationToken cancellationToken = default);

        private Task SaveUserLaterCoreAsync(User user, string reason, DateTimeOffset at, Guid requestId, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        partial class UserWriter
        {
            public partial Task SaveUserLaterAsync(User user, string reason, DateTimeOffset at, Guid requestId, CancellationToken cancellationToken) => SaveUserLaterCoreAsync(user, reason, at, requestId, cancellationToken);
        """);

    [Fact]
    public Task WriteThroughResultInNoContext_ReportsCache017AtTheReturnType() => Verify(
        """
        [WriteThrough(Key = "audit:<id>", Ttl = 600)]
        public partial {|CACHE017:Task<AuditEntry>|} {|CS8795:StampAsync|}(int id);

        private Task<AuditEntry> StampCoreAsync(int id) => Task.FromResult(new AuditEntry("me", DateTimeOffset.UnixEpoch));
        """);

    [Theory]
    [InlineData("void")]
    [InlineData("User")]
    public Task SynchronousWriteMethod_ReportsCache015AtTheReturnType(string returnType) => Verify(
        $$"""
        [Invalidates(Key = "user:<id>")]
        public partial {|CACHE015:{{returnType}}|} {|CS8795:ForgetUser|}(int id);

        private {{returnType}} ForgetUserCore(int id) => throw new NotSupportedException();
        """);

    [Fact]
    public Task WriteBehindReturningAValue_ReportsCache015() => Verify(
        """
        [WriteBehind(Key = "user:<user.Id>", Ttl = 600)]
        public partial {|CACHE015:Task<User>|} {|CS8795:SaveUserLaterAsync|}(User user);

        private Task<User> SaveUserLaterCoreAsync(User user) => Task.FromResult(user);
        """);

    [Fact]
    public Task WriteThroughWithoutKey_ReportsCache004AtTheAttribute() => Verify(
        """
        [{|CACHE004:WriteThrough(Ttl = 600)|}]
        public partial Task {|CS8795:SaveUserAsync|}(User user);

        private Task SaveUserCoreAsync(User user) => Task.CompletedTask;
        """);

    [Fact]
    public Task WriteThroughWithoutTtl_UsesTheStoresDefault_NotADiagnostic() => Verify(
        """
        [WriteThrough(Key = "user:<user.Id>")]
        public partial Task {|CS8795:SaveUserAsync|}(User user);

        private Task SaveUserCoreAsync(User user) => Task.CompletedTask;
        """);

    [Fact]
    public Task BracesInAnInvalidatedTag_ReportCache026AndTheTagMatchesNothing() => Verify(
        """
        [InvalidatesTag({|CACHE011:{|CACHE026:"user:{id}"|}|})]
        public partial Task {|CS8795:DeleteUserAsync|}(int id);

        private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
        """);

    [Fact]
    public Task Fix_TurnsTheBracesOfAnInvalidatedTagIntoAHole() => Verifier.CodeFixAsync<BraceHoleCodeFixProvider>(
        WithReaders("""
            [InvalidatesTag({|CACHE011:{|CACHE026:"user:{id}"|}|})]
            public partial Task {|CS8795:DeleteUserAsync|}(int id);

            private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
            """),
        WithReaders("""
            [InvalidatesTag("user:<id>")]
            public partial Task {|CS8795:DeleteUserAsync|}(int id);

            private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
            """));

    [Fact]
    public Task MissingCore_ReportsCache002_AndTheFixAddsIt() => Verifier.CodeFixAsync<AddCoreMethodCodeFixProvider>(
        WithReaders("""
            [Invalidates(Key = "orders:<userId>")]
            public partial Task {|CS8795:{|CACHE002:ClearOrdersAsync|}|}(int userId, CancellationToken cancellationToken = default);
            """),
        WithReaders("""
            [Invalidates(Key = "orders:<userId>")]
            public partial Task {|CS8795:ClearOrdersAsync|}(int userId, CancellationToken cancellationToken = default);

            private Task ClearOrdersCoreAsync(int userId, CancellationToken cancellationToken)
            {
                throw new NotImplementedException();
            }
            """));

    [Fact]
    public Task CoreNamedOnOneOfSeveralAttributes_IsUsed() => Verify(
        """
        [Invalidates(Key = "user:<id>")]
        [InvalidatesTag("user:<id>", Core = nameof(RemoveAsync))]
        public partial Task DeleteUserAsync(int id);

        private Task RemoveAsync(int id) => Task.CompletedTask;
        }

        partial class UserWriter
        {
            public partial Task DeleteUserAsync(int id) => RemoveAsync(id);
        """);

    [Fact]
    public Task CoreArgumentNamingNoMethod_ReportsCache002AtThatArgument() => Verify(
        """
        [Invalidates(Key = "user:<id>")]
        [InvalidatesTag("user:<id>", Core = {|CACHE002:"Remove"|})]
        public partial Task {|CS8795:DeleteUserAsync|}(int id);

        private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
        """);

    [Fact]
    public Task WriteMethodNotPartial_ReportsCache001_AndTheFixMakesItAndItsTypePartial() => Verifier.CodeFixAsync<MakePartialCodeFixProvider>(
        new[]
        {
            """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public class UserWriter(ICacheStore cache)
            {
                [Invalidates(Key = "user:<id>")]
                [InvalidatesTag("user:<id>")]
                public Task {|CS0501:{|CACHE001:{|CACHE001:DeleteUserAsync|}|}|}(int id);

                private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
            }
            """,
            Sources.Readers,
            Sources.Domain,
        },
        new[]
        {
            """
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            public partial class UserWriter(ICacheStore cache)
            {
                [Invalidates(Key = "user:<id>")]
                [InvalidatesTag("user:<id>")]
                public partial Task {|CS8795:DeleteUserAsync|}(int id);

                private Task DeleteUserCoreAsync(int id) => Task.CompletedTask;
            }
            """,
            Sources.Readers,
            Sources.Domain,
        },
        iterations: 1);

    [Fact]
    public Task GenericWriteMethod_ReportsCache016Once() => Verify(
        """
        [InvalidatesTag("user:<id>")]
        public partial Task {|CS8795:{|CACHE016:ForgetAsync|}|}<T>(int id);

        private Task ForgetCoreAsync(int id) => Task.CompletedTask;
        """);

    private static Task Verify(string members, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        => Verifier.AnalyzerAsync(new[] { Writer(members), Sources.Readers, Sources.Domain }, expected);

    private static string[] WithReaders(string members) => new[] { Writer(members), Sources.Readers, Sources.Domain };

    private static string Writer(string members)
        => Header + string.Join("\n", members.Split('\n').Select(l => l.Length == 0 ? l : "    " + l)) + "\n}\n";
}
