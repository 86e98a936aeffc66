using System;
using System.Linq;
using Caching.Generators.Emitting;
using Caching.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>The cache manifest: one file per compilation listing every generated method, with its invalidators matched.</summary>
public sealed class ManifestSnapshotTests
{
    [Fact]
    public void Repository_CachedBatchWriteThroughWriteBehindInvalidatesAndTags() => VerifyManifest("""
        namespace App
        {
            [CacheDefaults(KeyPrefix = "shop", Ttl = 600)]
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Tags = ["users", "user:<id>"], LocalTtl = 30, FailSafe = 300)]
                public partial Task<User?> GetUserAsync(int id, CancellationToken ct = default);
                private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => Task.FromResult<User?>(null);

                [CachedBatch(Key = "profile:<id>", Jitter = 60, Tags = ["user:<id>"])]
                public partial Task<IReadOnlyDictionary<int, User?>> GetProfilesAsync(IEnumerable<int> ids);
                private Task<IReadOnlyDictionary<int, User?>> GetProfilesCoreAsync(IReadOnlyList<int> ids) =>
                    Task.FromResult<IReadOnlyDictionary<int, User?>>(new Dictionary<int, User?>());

                [WriteThrough(Key = "user:<user.Id>", Tags = ["users", "user:<user.Id>"])]
                [InvalidatesTag("user-list")]
                public partial Task<User> UpdateUserAsync(User user, CancellationToken ct);
                private Task<User> UpdateUserCoreAsync(User user, CancellationToken ct) => Task.FromResult(user);

                [WriteBehind(Key = "user:<user.Id>", Value = nameof(user))]
                public partial Task SaveUserLaterAsync(User user);
                private Task SaveUserLaterCoreAsync(User user) => Task.CompletedTask;

                [Invalidates(Key = "user:<id>")]
                [InvalidatesTag("user:<id>")]
                public partial ValueTask DeleteUserAsync(int id);
                private ValueTask DeleteUserCoreAsync(int id) => default;

                [InvalidatesTag("users")]
                public partial Task ClearUsersAsync();
                private Task ClearUsersCoreAsync() => Task.CompletedTask;
            }

            public partial class Quotes(ICacheStore cache)
            {
                [Cached(Key = "quote \"<id>\"", Ttl = 60, Jitter = 5)]
                public partial Task<int> GetQuoteAsync(int id);
                private Task<int> GetQuoteCoreAsync(int id) => Task.FromResult(id);

                [InvalidatesTag("user:admin")]
                public partial Task ResetAdminAsync();
                private Task ResetAdminCoreAsync() => Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public void NoCachedMethod_NoManifest()
    {
        var (result, _) = GeneratorRunner.Run(Sources.Usings + """
            namespace App
            {
                public partial class Plain(ICacheStore cache)
                {
                    public Task<int> GetAsync(int id) => Task.FromResult(id);
                }
            }
            """, Sources.UserAndJsonContext);

        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void MethodWithErrors_IsLeftOutOfTheManifest()
    {
        var (result, output) = GeneratorRunner.RunAllowingDiagnostics(Sources.Usings + """
            namespace App
            {
                public partial class Repository(ICacheStore cache)
                {
                    [Cached(Key = "good:<id>", Ttl = 60)]
                    public partial Task<int> GoodAsync(int id);
                    private Task<int> GoodCoreAsync(int id) => Task.FromResult(id);

                    [Cached(Key = "bad:<id>", Ttl = -1)]
                    public partial Task<int> BadAsync(int id);
                    private Task<int> BadCoreAsync(int id) => Task.FromResult(id);
                }
            }
            """, Sources.UserAndJsonContext);

        Assert.Equal("CACHE010", Assert.Single(result.Diagnostics).Id);
        var manifest = result.GeneratedSources.Single(s => s.HintName == ManifestEmitter.HintName).SourceText.ToString();
        Assert.Contains("method: \"GoodAsync\"", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("BadAsync", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(ManifestEmitter.HintName, StringComparison.Ordinal) == true);
    }

    private static void VerifyManifest(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var (result, output) = GeneratorRunner.Run(Sources.Usings + source, Sources.UserAndJsonContext);
        GeneratorRunner.AssertCompilesCleanly(output);
        var manifest = result.GeneratedSources.Single(s => s.HintName == ManifestEmitter.HintName);
        Snapshot.VerifyText(
            manifest.SourceText.ToString().Replace(GeneratedCodeAttributes.Version, "{{VERSION}}", StringComparison.Ordinal),
            nameof(ManifestSnapshotTests), test + "#" + manifest.HintName);
    }
}
