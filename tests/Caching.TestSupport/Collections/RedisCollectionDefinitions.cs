// Compiled by each test project, not by Caching.TestSupport: xunit v2 only finds [CollectionDefinition] classes in
// the test assembly itself. Link it with
//   <Compile Include="../Caching.TestSupport/Collections/*.cs" LinkBase="Collections" />
using Xunit;

namespace Caching.TestSupport;

/// <summary>Test classes in this collection share one <see cref="RedisServerFixture"/>.</summary>
[CollectionDefinition(RedisCollections.Server)]
public sealed class RedisServerCollection : ICollectionFixture<RedisServerFixture>
{
}

/// <summary>Test classes in this collection share one <see cref="RedisClusterFixture"/>.</summary>
[CollectionDefinition(RedisCollections.Cluster)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
}
