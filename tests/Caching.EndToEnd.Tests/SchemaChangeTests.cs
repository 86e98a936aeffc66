using System.Threading.Tasks;
using Caching.EndToEnd.Tests.Support;
using Caching.TestSupport;
using Xunit;

namespace Caching.EndToEnd.Tests;

/// <summary>A deploy that changes the cached type's shape never reads entries written for the old shape.</summary>
[Collection(RedisCollections.Server)]
public sealed class SchemaChangeTests(RedisServerFixture redis)
{
    private const string Template = """
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using Caching;

        namespace Profiles;

        public sealed record Profile(int Id, SHAPE);

        [JsonSerializable(typeof(Profile))]
        internal partial class ProfileJson : JsonSerializerContext;

        public partial class ProfileRepository(ICacheStore cache) : Caching.EndToEnd.Tests.IProfileReader
        {
            public int CoreCalls { get; private set; }

            [Cached(Key = "profile:<id>", Ttl = 300, Jitter = 30)]
            public partial Task<Profile> GetProfileAsync(int id);
            private Task<Profile> GetProfileCoreAsync(int id) { CoreCalls++; return Task.FromResult(new Profile(id, default!)); }

            public async Task<object> ReadAsync(int id) => await GetProfileAsync(id);
        }
        """;

    [Fact]
    public async Task ChangedShape_MissesTheOldEntries_SameShape_HitsThem()
    {
        var v1 = InMemoryApp.Compile(Template.Replace("SHAPE", "string Name"), "ProfilesV1");
        var v1Again = InMemoryApp.Compile(Template.Replace("SHAPE", "string Name"), "ProfilesV1Again");
        var v2 = InMemoryApp.Compile(Template.Replace("SHAPE", "string FullName"), "ProfilesV2");
        var store = Stores.Create(redis.Multiplexer, out _);

        var oldDeploy = InMemoryApp.Create<IProfileReader>(v1, "Profiles.ProfileRepository", store);
        var sameShapeDeploy = InMemoryApp.Create<IProfileReader>(v1Again, "Profiles.ProfileRepository", store);
        var newDeploy = InMemoryApp.Create<IProfileReader>(v2, "Profiles.ProfileRepository", store);
        await oldDeploy.ReadAsync(1);
        await sameShapeDeploy.ReadAsync(1);
        await newDeploy.ReadAsync(1);

        Assert.Equal(1, oldDeploy.CoreCalls);
        Assert.Equal(0, sameShapeDeploy.CoreCalls);
        Assert.Equal(1, newDeploy.CoreCalls);
    }
}

/// <summary>What the profile repositories of each "deploy" implement.</summary>
public interface IProfileReader
{
    int CoreCalls { get; }

    Task<object> ReadAsync(int id);
}
