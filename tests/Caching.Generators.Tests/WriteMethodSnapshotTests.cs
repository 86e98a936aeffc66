using Caching.Generators.Tests.Support;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>Approved output for the write patterns, tags and the write-behind dispatch table; each output must compile cleanly.</summary>
public sealed class WriteMethodSnapshotTests
{
    private static void VerifyGenerated(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var (result, output) = GeneratorRunner.Run(Sources.Usings + source, Sources.UserAndJsonContext);
        GeneratorRunner.AssertCompilesCleanly(output);
        Snapshot.Verify(result, nameof(WriteMethodSnapshotTests), test);
    }

    [Fact]
    public void CachedWithTags_WriteThroughOfResult_InvalidatesKeyAndTag() => VerifyGenerated("""
        namespace App
        {
            [CacheDefaults(KeyPrefix = "shop", Ttl = 600)]
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Tags = ["users", "user:<id>"])]
                public partial Task<User?> GetUserAsync(int id, CancellationToken ct = default);
                private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => Task.FromResult<User?>(null);

                [WriteThrough(Key = "user:<user.Id>", Tags = ["users", "user:<user.Id>"])]
                [InvalidatesTag("user-list")]
                public partial Task<User> UpdateUserAsync(User user, CancellationToken ct);
                private Task<User> UpdateUserCoreAsync(User user, CancellationToken ct) => Task.FromResult(user);

                [Invalidates(Key = "user:<id>")]
                [Invalidates(Key = "nobody:<id>")]
                [InvalidatesTag("user:<id>")]
                public partial ValueTask DeleteUserAsync(int id);
                private ValueTask DeleteUserCoreAsync(int id) => default;
            }
        }
        """);

    [Fact]
    public void WriteThroughOfNamedParameter_ValueTask() => VerifyGenerated("""
        namespace App
        {
            public partial class Names(ICacheStore store)
            {
                [WriteThrough(Key = "name:<id>", Ttl = 60, Jitter = 5, Value = nameof(name))]
                internal partial ValueTask RenameAsync(int id, string name);
                private ValueTask RenameCoreAsync(int id, string name) => default;
            }
        }
        """);

    [Fact]
    public void WriteBehind_ArgumentsQueued_DispatchTable() => VerifyGenerated("""
        namespace App
        {
            public partial class UserRepository(ICacheStore cache)
            {
                [WriteBehind(Key = "user:<user.Id>", Ttl = 600, Value = nameof(user))]
                [InvalidatesTag("users")]
                public partial Task SaveUserLaterAsync(User user, int? version, CancellationToken ct = default);
                private Task SaveUserLaterCoreAsync(User user, int? version, CancellationToken ct) => Task.CompletedTask;

                [WriteBehind(Key = "visits:<page>", Ttl = 60)]
                public partial Task CountVisitAsync(string page);
                private Task CountVisitCoreAsync(string page) => Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public void CachedBatch_OtherKeyParameter_TaggedById_ValueTaskCore() => VerifyGenerated("""
        namespace App
        {
            public partial class UserRepository(ICacheStore cache)
            {
                [CachedBatch(Key = "<tenant>:user:<id>", Ttl = 600, Jitter = 60, Tags = ["user:<id>"])]
                public partial Task<IReadOnlyDictionary<int, User?>> GetUsersAsync(string tenant, IEnumerable<int> ids, CancellationToken ct = default);
                private ValueTask<IReadOnlyDictionary<int, User?>> GetUsersCoreAsync(string tenant, IReadOnlyList<int> ids, CancellationToken ct) =>
                    new(new Dictionary<int, User?>());

                [CachedBatch(Key = "count:<category>", Ttl = 60)]
                internal partial ValueTask<IReadOnlyDictionary<string, long>> CountAsync(HashSet<string> categories);
                private Task<IReadOnlyDictionary<string, long>> CountCoreAsync(IEnumerable<string> categories) =>
                    Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>());
            }
        }
        """);
}
