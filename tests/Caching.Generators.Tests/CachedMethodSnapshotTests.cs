using Caching.Generators.Tests.Support;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>Approved output for every supported shape of a [Cached] method; each output must also compile cleanly.</summary>
public sealed class CachedMethodSnapshotTests
{
    private static void VerifyGenerated(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var (result, output) = GeneratorRunner.Run(Sources.Usings + source, Sources.UserAndJsonContext);
        GeneratorRunner.AssertCompilesCleanly(output);
        Snapshot.Verify(result, nameof(CachedMethodSnapshotTests), test);
    }

    [Fact]
    public void TaskOfJsonRecord_PrimaryConstructorStore_TypeDefaults() => VerifyGenerated("""
        namespace App
        {
            [CacheDefaults(KeyPrefix = "shop")]
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600, Jitter = 60)]
                public partial Task<User?> GetUserAsync(int id, CancellationToken ct = default);
                private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => Task.FromResult<User?>(null);
            }
        }
        """);

    [Fact]
    public void ValueTaskOfInt_FieldStore_ValueTaskCore() => VerifyGenerated("""
        namespace App
        {
            public partial class Counters
            {
                private readonly ICacheStore _cache;
                public Counters(ICacheStore cache) => _cache = cache;

                [Cached(Key = "count:<tenant>:<day:yyyy-MM-dd>", Ttl = 60)]
                internal partial ValueTask<int> CountAsync(string tenant, DateTime day, CancellationToken cancellationToken);
                private ValueTask<int> CountCoreAsync(string tenant, DateTime day, CancellationToken cancellationToken) => new(1);
            }
        }
        """);

    [Fact]
    public void SynchronousString_PropertyStore_DefaultKey() => VerifyGenerated("""
        namespace App
        {
            public partial class Names
            {
                public ICacheStore Cache { get; }
                public Names(ICacheStore cache) => Cache = cache;

                [Cached(Ttl = 30, Jitter = 0)]
                public partial string? Describe(Guid id, bool verbose);
                private string? DescribeCore(Guid id, bool verbose) => id.ToString();
            }
        }
        """);

    [Fact]
    public void NoTtlInCode_TheStoresDefaultTtl() => VerifyGenerated("""
        namespace App
        {
            public partial class Labels(ICacheStore cache)
            {
                [Cached(Key = "label:<id>")]
                public partial Task<string?> GetLabelAsync(int id);
                private Task<string?> GetLabelCoreAsync(int id) => Task.FromResult<string?>(null);
            }
        }
        """);

    [Fact]
    public void NestedRecordAndStruct_TaskCoreForValueTaskMethod() => VerifyGenerated("""
        namespace App
        {
            public partial record Outer
            {
                public partial struct Inner
                {
                    private readonly ICacheStore _store;
                    public Inner(ICacheStore store) => _store = store;

                    [Cached(Key = "inner:<id>", Ttl = 120, Jitter = 10)]
                    private partial ValueTask<long> LoadAsync(long id);
                    private Task<long> LoadCoreAsync(long id) => Task.FromResult(id);
                }
            }
        }
        """);

    [Fact]
    public void MemberPathNullableEnumAndCharHoles_StoreMarkedWithAttribute() => VerifyGenerated("""
        namespace App
        {
            public enum Tier : byte { Free, Pro }

            public sealed record Query(User? Owner, int? Page, Tier Tier, char Initial);

            public partial class Search
            {
                [CacheStore] private readonly ICacheStore _primary;
                private readonly ICacheStore _secondary;
                public Search(ICacheStore primary, ICacheStore secondary) { _primary = primary; _secondary = secondary; }

                [Cached(Key = "{search}:<query.Owner.Name>:<query.Owner.Home.City>:<query.Page>:<query.Tier>:<query.Initial>:<flag>", Ttl = 300, Jitter = 30)]
                public partial Task<string[]> FindAsync(Query query, bool? flag, CancellationToken ct);
                private Task<string[]> FindCoreAsync(Query query, bool? flag, CancellationToken ct) => Task.FromResult(new[] { "a" });
            }
        }
        """);

    [Fact]
    public void StaticMethod_StaticStore_NoParameters() => VerifyGenerated("""
        namespace App
        {
            public static partial class Settings
            {
                public static ICacheStore Store { get; set; } = null!;

                [Cached(Key = "settings", Ttl = 900, Jitter = 60)]
                public static partial Task<byte[]> LoadAsync();
                private static Task<byte[]> LoadCoreAsync() => Task.FromResult(new byte[] { 1 });
            }
        }
        """);

    [Fact]
    public void Overloads_GetDisambiguatedNames_AndCoreNamedByAttribute() => VerifyGenerated("""
        namespace App
        {
            public partial class Prices(ICacheStore cache)
            {
                [Cached(Key = "price:<id>", Ttl = 60, Jitter = 5, Core = nameof(ReadPrice))]
                public partial decimal? Price(int id);

                [Cached(Key = "price:<sku>", Ttl = 60, Jitter = 5, Core = nameof(ReadPriceBySku))]
                public partial decimal? Price(string sku);

                private decimal? ReadPrice(int id) => 1m;
                private decimal? ReadPriceBySku(string sku) => 2m;
            }
        }
        """);

    [Fact]
    public void GlobalNamespace_KeywordParameter_PreferredJsonContext() => VerifyGenerated("""
        [assembly: CacheSerializerContext(typeof(App.AppJson))]

        public partial class GlobalRepository(ICacheStore cache)
        {
            [Cached(Key = "user:<class>", Ttl = 10, Jitter = 1)]
            public partial Task<App.User> GetAsync(int @class);
            private Task<App.User> GetCoreAsync(int @class) => Task.FromResult(new App.User(@class, "n", null));
        }
        """);

    [Fact]
    public void AdaptiveTtl_StaticHookInThePolicy() => VerifyGenerated("""
        namespace App
        {
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600, Jitter = 60, TtlFor = nameof(UserTtl))]
                public partial Task<User?> GetUserAsync(int id);
                private Task<User?> GetUserCoreAsync(int id) => Task.FromResult<User?>(null);

                private static TimeSpan UserTtl(User? user) => user is null ? TimeSpan.Zero : TimeSpan.FromMinutes(10);
            }
        }
        """);
    [Fact]
    public void LocalCache_TaskWithIntKey_TagsFailSafeTimeoutsAndRefreshAhead() => VerifyGenerated("""
        namespace App
        {
            public partial class UserRepository(ICacheStore cache)
            {
                [Cached(Key = "user:<id>", Ttl = 600, Jitter = 60, Tags = ["user:<id>", "users"], LocalTtl = 30, LocalCapacity = 5000,
                    FailSafe = 3600, SoftTimeout = 100, HardTimeout = 2000, RefreshAhead = 0.8)]
                public partial Task<User?> GetUserAsync(int id, CancellationToken ct = default);
                private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => Task.FromResult<User?>(null);
            }
        }
        """);

    [Fact]
    public void LocalCache_ValueTaskWithDecimalAndDateTimeHoles_KeyedByTheRedisKey() => VerifyGenerated("""
        namespace App
        {
            public partial class Quotes(ICacheStore cache)
            {
                [Cached(Key = "quote:<price>:<day:yyyy-MM-dd>", Ttl = 60, LocalTtl = 5)]
                public partial ValueTask<int> CountAsync(decimal price, DateTime day, CancellationToken cancellationToken);
                private ValueTask<int> CountCoreAsync(decimal price, DateTime day, CancellationToken cancellationToken) => new(1);
            }
        }
        """);

    [Fact]
    public void LocalCache_SynchronousWithoutParameters_LocalTtlFromTypeDefaults() => VerifyGenerated("""
        namespace App
        {
            [CacheDefaults(Ttl = 300, LocalTtl = 10)]
            public partial class Settings
            {
                public ICacheStore Cache { get; }
                public Settings(ICacheStore cache) => Cache = cache;

                [Cached(Key = "settings")]
                public partial string Load();
                private string LoadCore() => "settings";
            }
        }
        """);

    [Fact]
    public void LocalCache_MemberPathOnNullableParameter_NullableTypedKey() => VerifyGenerated("""
        namespace App
        {
            public partial class Profiles(ICacheStore cache)
            {
                [Cached(Key = "profile:<user.Id>", Ttl = 120, LocalTtl = 15)]
                public partial Task<string?> GetProfileAsync(User? user);
                private Task<string?> GetProfileCoreAsync(User? user) => Task.FromResult(user?.Name);
            }
        }
        """);
}
