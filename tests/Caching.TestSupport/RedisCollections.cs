namespace Caching.TestSupport;

/// <summary>
/// Names of the test collections that share one Redis. Put <c>[Collection(RedisCollections.Server)]</c> on a test
/// class; the test project must compile <c>Collections/RedisCollectionDefinitions.cs</c> (linked from this project),
/// because xunit v2 only finds collection definitions in the test assembly.
/// </summary>
public static class RedisCollections
{
    /// <summary>Tests sharing one <see cref="RedisServerFixture"/>.</summary>
    public const string Server = "Redis server";

    /// <summary>Tests sharing one <see cref="RedisClusterFixture"/>.</summary>
    public const string Cluster = "Redis cluster";
}
