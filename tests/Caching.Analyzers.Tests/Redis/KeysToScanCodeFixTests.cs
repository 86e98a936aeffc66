using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>
/// The REDIS001 fix: KEYS through IServer.Execute becomes IServer.Keys, which pages with SCAN. The new call is still
/// a keyspace walk, so REDIS001 stays on it (markup in the fixed sources), without a fix.
/// </summary>
public sealed class KeysToScanCodeFixTests
{
    private const string RedisKeysBefore = """
        using StackExchange.Redis;

        namespace App;

        public sealed class Admin(IServer server)
        {
            public RedisKey[]? Find(string pattern)
            {
                var keys = (RedisKey[]?)server.Execute({|REDIS001:"KEYS"|}, pattern);
                return keys;
            }
        }
        """;

    private const string RedisKeysAfter = """
        using StackExchange.Redis;
        using System.Linq;

        namespace App;

        public sealed class Admin(IServer server)
        {
            public RedisKey[]? Find(string pattern)
            {
                var keys = {|REDIS001:server.Keys(pattern: pattern)|}.Distinct().ToArray();
                return keys;
            }
        }
        """;

    private const string StringsBefore = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Admin(IConnectionMultiplexer redis)
        {
            public int Count() => ((string[])redis.GetServer(redis.GetEndPoints()[0]).Execute({|REDIS001:"keys"|}, "user:*")!).Length;
        }
        """;

    private const string StringsAfter = """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Admin(IConnectionMultiplexer redis)
        {
            public int Count() => ({|REDIS001:redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: "user:*")|}.Select(k => k.ToString()).Distinct().ToArray()).Length;
        }
        """;

    private const string ManyBefore = """
        using StackExchange.Redis;

        namespace App;

        public sealed class Admin(IServer server)
        {
            public RedisKey[] Users(string id) => (RedisKey[])server.Execute({|REDIS001:"KEYS"|}, "user:" + id + ":*")!;

            public string[]? Orders() => (string[]?)server.Execute({|REDIS001:"KEYS"|}, "order:*");

            public int Count() => ((RedisKey[])server.Execute({|REDIS001:"KEYS"|}, "*")!).Length;
        }
        """;

    // One using for all the fixes. The pattern built from 'id' now goes to SCAN, where REDIS018 checks it.
    private const string ManyAfter = """
        using StackExchange.Redis;
        using System.Linq;

        namespace App;

        public sealed class Admin(IServer server)
        {
            public RedisKey[] Users(string id) => {|REDIS001:server.Keys(pattern: "user:" + {|REDIS018:id|} + ":*")|}.Distinct().ToArray();

            public string[]? Orders() => {|REDIS001:server.Keys(pattern: "order:*")|}.Select(k => k.ToString()).Distinct().ToArray();

            public int Count() => ({|REDIS001:server.Keys(pattern: "*")|}.Distinct().ToArray()).Length;
        }
        """;

    [Fact]
    public Task RedisKeyArray_BecomesKeysToArray_AndAddsLinq()
        => Verifier.CodeFixAsync<KeysToScanCodeFixProvider>(new[] { RedisKeysBefore }, new[] { RedisKeysAfter });

    [Fact]
    public Task StringArray_BecomesKeysAsStrings_WithLinqInOrder()
        => Verifier.CodeFixAsync<KeysToScanCodeFixProvider>(new[] { StringsBefore }, new[] { StringsAfter });

    [Fact]
    public Task FixAll_FixesEveryKeysCallOfTheDocument()
        => Verifier.CodeFixAsync<KeysToScanCodeFixProvider>(new[] { ManyBefore }, new[] { ManyAfter }, iterations: 3);

    [Theory]
    [InlineData("public async Task<RedisKey[]> FindAsync() => (RedisKey[])(await server.ExecuteAsync({|REDIS001:\"KEYS\"|}, \"user:*\"))!;")]
    [InlineData("public RedisKey[] FromDatabase() => (RedisKey[])db.Execute({|REDIS001:\"KEYS\"|}, \"user:*\")!;")]
    [InlineData("public RedisResult Raw() => server.Execute({|REDIS001:\"KEYS\"|}, \"user:*\");")]
    [InlineData("public RedisValue[] Values() => (RedisValue[])server.Execute({|REDIS001:\"KEYS\"|}, \"user:*\")!;")]
    [InlineData("public RedisKey[] NotAString(object pattern) => (RedisKey[])server.Execute({|REDIS001:\"KEYS\"|}, pattern)!;")]
    [InlineData("public RedisKey[] ArgumentArray() => (RedisKey[])server.Execute({|REDIS001:\"KEYS\"|}, new object[] { \"user:*\" })!;")]
    public Task OtherShapes_GetNoFix(string member)
    {
        var source = """
            using System.Threading.Tasks;
            using StackExchange.Redis;

            namespace App;

            public sealed class Admin(IServer server, IDatabase db)
            {
                MEMBER
            }
            """.Replace("MEMBER", member);
        return Verifier.CodeFixAsync<KeysToScanCodeFixProvider>(new[] { source }, new[] { source });
    }
}
