using System.Threading.Tasks;
using Caching.Analyzers.Redis;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS010: a multi-key call whose keys hash to different cluster slots, reported only for a declared cluster.</summary>
public sealed class CrossSlotTests
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Users(IDatabase db)
        {
            public int Run(int id, long other, string prefix, RedisKey[] keys)
            {
                var count = 0;
                BODY_SYNC
                return count;
            }

            public async Task<int> RunAsync(int id, long other, string prefix, RedisKey[] keys)
            {
                var count = 0;
                BODY_ASYNC
                await Task.Yield();
                return count;
            }
        }
        """;

    private static readonly string[] Cluster = { "caching_redis.topology = cluster" };

    private static readonly string[] None = System.Array.Empty<string>();

    // Synchronous calls go in a synchronous method and awaited ones in an async method, as real code has them.
    private static string With(string body) => body.Contains("await ", System.StringComparison.Ordinal)
        ? Code.Replace("BODY_SYNC", "").Replace("BODY_ASYNC", body)
        : Code.Replace("BODY_ASYNC", "").Replace("BODY_SYNC", body);

    [Theory]
    [InlineData("foo", 12182)]
    [InlineData("bar", 5061)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("{user1000}.followers", 3443)]
    [InlineData("foo{}{bar}", 8363)]
    [InlineData("foo{{bar}}zap", 4015)]
    [InlineData("{bar", 4015)]
    [InlineData("user:1:name", 12440)]
    [InlineData("user:1:email", 6268)]
    public void Slot_FollowsTheClusterSpec(string key, int slot) => Assert.Equal(slot, CrossSlotAnalyzer.Slot(key));

    [Fact]
    public Task ConstantKeysInDifferentSlots_ReportRedis010AtTheKeys() => Verifier.AnalyzerWithOptionsAsync(
        With("count += db.StringGet({|#0:new RedisKey[] { \"user:1:name\", \"user:1:email\" }|}).Length;"),
        Cluster,
        None,
        Verifier.Diagnostic("REDIS010").WithLocation(0).WithArguments("\"user:1:name\"", "\"user:1:email\"", "StringGet"));

    [Theory]
    [InlineData("count += (int)await db.KeyDeleteAsync({|REDIS010:[$\"user:{id}\", $\"order:{id}\"]|});")]
    [InlineData("count += (int)db.KeyExists({|REDIS010:[\"{user:1}:a\", \"{user:2}:b\"]|});")]
    [InlineData("count += (int)db.KeyExists({|REDIS010:new RedisKey[] { \"{user:1}:a\", $\"user:{id}\" }|});")]
    [InlineData("count += (int)db.KeyDelete({|REDIS010:new RedisKey[] { \"user:\" + id, \"user:\" + other }|});")]
    [InlineData("count += (await db.StringGetAsync({|REDIS010:new RedisKey[] { $\"{{user:{id}}}:name\", $\"user:{id}:email\" }|})).Length;")]
    [InlineData("db.StringSet({|REDIS010:new[] { new KeyValuePair<RedisKey, RedisValue>(\"a\", 1), KeyValuePair.Create<RedisKey, RedisValue>(\"b\", 2) }|}, When.Always, TimeSpan.FromMinutes(5));")]
    [InlineData("db.ScriptEvaluate(\"return redis.call('MGET', KEYS[1], KEYS[2])\", {|REDIS010:new RedisKey[] { \"x\", \"y\" }|});")]
    [InlineData("count += db.StringGet({|REDIS010:new[] { (RedisKey)\"x\", (RedisKey)$\"user:{id}\" }|}).Length;")]
    [InlineData("await db.ScriptEvaluateReadOnlyAsync(\"return redis.call('MGET', KEYS[1], KEYS[2])\", keys: {|REDIS010:[\"x\", \"y\"]|});")]
    public Task KeysThatCannotShareASlot_ReportRedis010(string body) => Verifier.AnalyzerWithOptionsAsync(With(body), Cluster, None);

    [Theory]
    [InlineData("count += db.StringGet(new RedisKey[] { \"{user:1}:name\", \"{user:1}:email\" }).Length;")]
    [InlineData("count += db.StringGet([$\"{{user:{id}}}:name\", $\"{{user:{id}}}:email\"]).Length;")]
    [InlineData("count += db.StringGet([\"user:{\" + id + \"}:name\", \"user:{\" + id + \"}:email\"]).Length;")]
    [InlineData("count += db.StringGet([$\"{{user:{id}}}:name\", $\"{{user:{other}}}:email\"]).Length;")]
    [InlineData("count += db.StringGet([$\"{prefix}:name\", $\"{prefix}:email\"]).Length;")]
    [InlineData("count += db.StringGet([$\"user:{prefix}\", $\"order:{prefix}\"]).Length;")]
    [InlineData("count += db.StringGet([$\"user:{id}\", $\"user:{id}\"]).Length;")]
    [InlineData("count += db.StringGet(new RedisKey[] { \"user:1:name\" }).Length;")]
    [InlineData("count += db.StringGet(keys).Length;")]
    [InlineData("count += db.StringGet([.. keys, \"user:1\"]).Length;")]
    [InlineData("count += db.KeyDelete(\"user:1:name\") ? 1 : 0;")]
    [InlineData("db.ScriptEvaluate(\"return redis.call('GET', KEYS[1])\", new RedisKey[] { \"user:1\" }, new RedisValue[] { \"a\", \"b\" });")]
    public Task KeysThatShareASlotOrCannotBeKnown_AreQuiet(string body) => Verifier.AnalyzerWithOptionsAsync(With(body), Cluster, None);

    [Theory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "caching_redis.topology = standalone" }, new string[0])]
    [InlineData(new string[0], new[] { "CachingRedisTopology=standalone" })]
    public Task WithoutADeclaredCluster_IsQuiet(string[] editorConfig, string[] msbuild) => Verifier.AnalyzerWithOptionsAsync(
        With("count += db.StringGet(new RedisKey[] { \"user:1:name\", \"user:1:email\" }).Length;"),
        editorConfig,
        msbuild);

    [Fact]
    public Task ClusterFromMsbuild_ReportsRedis010() => Verifier.AnalyzerWithOptionsAsync(
        With("count += db.StringGet({|REDIS010:new RedisKey[] { \"user:1:name\", \"user:1:email\" }|}).Length;"),
        None,
        new[] { "CachingRedisTopology=cluster" });

    [Fact]
    public async Task GeneratedCode_IsQuietEvenInACluster()
    {
        var test = new Verifier.AnalyzerTest();
        test.TestState.Sources.Add(("Users.g.cs", "// <auto-generated/>\n" + With("count += db.StringGet(new RedisKey[] { \"user:1:name\", \"user:1:email\" }).Length;")));
        Verifier.AddOptions(test.TestState, Cluster, None);
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    private const string TransactionCode = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Orders(IDatabase db)
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

            public async Task<bool> SaveAsync(int id, string name)
            {
                BODY
            }
        }
        """;

    [Fact]
    public Task TransactionKeysInDifferentSlots_ReportRedis010AtTheLaterKey() => Verifier.AnalyzerWithOptionsAsync(
        TransactionCode.Replace("BODY", """
            var tran = db.CreateTransaction();
                    tran.AddCondition(Condition.KeyNotExists("user:1:name"));
                    _ = tran.StringSetAsync({|#0:"user:1:email"|}, name, Ttl);
                    return await tran.ExecuteAsync();
            """),
        Cluster,
        None,
        Verifier.Diagnostic("REDIS010").WithLocation(0).WithArguments("\"user:1:name\"", "\"user:1:email\"", "tran.ExecuteAsync"));

    [Fact]
    public Task TransactionCommandsWithoutTags_ReportRedis010() => Verifier.AnalyzerWithOptionsAsync(
        TransactionCode.Replace("BODY", """
            var tran = db.CreateTransaction();
                    _ = tran.StringSetAsync($"order:{id}", name, Ttl);
                    _ = tran.SetAddAsync({|REDIS010:$"orders:{id % 10}"|}, id);
                    _ = tran.KeyExpireAsync($"orders:{id % 10}", Ttl);
                    return await tran.ExecuteAsync();
            """),
        Cluster,
        None);

    [Theory]
    [InlineData("var tran = db.CreateTransaction(); tran.AddCondition(Condition.KeyNotExists(\"{user:1}:name\")); _ = tran.StringSetAsync(\"{user:1}:email\", name, Ttl); return await tran.ExecuteAsync();")]
    [InlineData("var tran = db.CreateTransaction(); _ = tran.StringSetAsync($\"{{order:{id}}}:a\", name, Ttl); _ = tran.StringSetAsync($\"{{order:{id}}}:b\", name, Ttl); return await tran.ExecuteAsync();")]
    [InlineData("var tran = db.CreateTransaction(); _ = tran.StringSetAsync(\"user:1:name\", name, Ttl); tran = db.CreateTransaction(); _ = tran.StringSetAsync(\"user:1:email\", name, Ttl); return await tran.ExecuteAsync();")]
    [InlineData("var a = db.CreateTransaction(); var b = db.CreateTransaction(); _ = a.StringSetAsync(\"user:1:name\", name, Ttl); _ = b.StringSetAsync(\"user:1:email\", name, Ttl); return await a.ExecuteAsync() && await b.ExecuteAsync();")]
    [InlineData("var batch = db.CreateBatch(); _ = batch.StringSetAsync(\"user:1:name\", name, Ttl); var done = batch.StringSetAsync(\"user:1:email\", name, Ttl); batch.Execute(); return await done;")]
    [InlineData("var tran = db.CreateTransaction(); _ = tran.StringSetAsync(name, name, Ttl); _ = tran.StringSetAsync(\"user:1:email\", name, Ttl); return await tran.ExecuteAsync();")]
    public Task TransactionKeysThatMayShareASlot_AreQuiet(string body) => Verifier.AnalyzerWithOptionsAsync(TransactionCode.Replace("BODY", body), Cluster, None);

    [Fact]
    public Task TransactionWithoutADeclaredCluster_IsQuiet() => Verifier.AnalyzerAsync(TransactionCode.Replace("BODY", """
        var tran = db.CreateTransaction();
                _ = tran.StringSetAsync("user:1:name", name, Ttl);
                _ = tran.StringSetAsync("user:1:email", name, Ttl);
                return await tran.ExecuteAsync();
        """));
}
