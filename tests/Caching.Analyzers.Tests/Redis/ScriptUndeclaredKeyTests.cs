using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS009: a Lua script that touches a key it was not given in KEYS.</summary>
public sealed class ScriptUndeclaredKeyTests
{
    private const string Code = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Scripts(IDatabase db, IServer server)
        {
            private const string GetUser = "return redis.call('GET', 'user:1')";
            private static readonly LuaScript GetByKey = LuaScript.Prepare("return redis.call('GET', @key)");

            public int Run(string id, RedisKey key, RedisValue value)
            {
                var count = 0;
                BODY_SYNC
                return count;
            }

            public async Task<int> RunAsync(string id, RedisKey key, RedisValue value)
            {
                var count = 0;
                BODY_ASYNC
                await Task.Yield();
                return count;
            }
        }
        """;

    private const string Undeclared = "names a key the call does not pass in KEYS";

    // Synchronous calls go in a synchronous method and awaited ones in an async method, as real code has them.
    private static string With(string body) => body.Contains("await ", System.StringComparison.Ordinal)
        ? Code.Replace("BODY_SYNC", "").Replace("BODY_ASYNC", body)
        : Code.Replace("BODY_ASYNC", "").Replace("BODY_SYNC", body);

    [Fact]
    public Task LiteralKey_ReportsRedis009AtTheScriptWithTheCall() => Verifier.AnalyzerAsync(
        With("db.ScriptEvaluate({|#0:\"return redis.call('GET', 'user:1')\"|});"),
        Verifier.Diagnostic("REDIS009").WithLocation(0).WithArguments("redis.call('GET', 'user:1')", Undeclared));

    [Fact]
    public Task ConcatenatedKey_ReportsRedis009() => Verifier.AnalyzerAsync(
        With("await db.ScriptEvaluateAsync({|#0:\"return redis.call('SET', 'lock:' .. ARGV[1], ARGV[2], 'NX')\"|}, values: new RedisValue[] { id, value });"),
        Verifier.Diagnostic("REDIS009").WithLocation(0).WithArguments("redis.call('SET', 'lock:' .. ARGV[1], ...)", Undeclared));

    [Fact]
    public Task KeyPassedInArgv_ReportsRedis009() => Verifier.AnalyzerAsync(
        With("db.ScriptEvaluate({|#0:\"return redis.call('DEL', ARGV[1])\"|}, values: new RedisValue[] { id });"),
        Verifier.Diagnostic("REDIS009").WithLocation(0).WithArguments("redis.call('DEL', ARGV[1])", Undeclared));

    [Fact]
    public Task KeysReadButNonePassed_ReportsRedis009() => Verifier.AnalyzerAsync(
        With("db.ScriptEvaluate({|#0:\"return redis.call('GET', KEYS[1])\"|});"),
        Verifier.Diagnostic("REDIS009").WithLocation(0).WithArguments("KEYS[1]", "is read, but the call passes no keys"));

    [Fact]
    public Task LuaScriptKeyFromAStringMember_ReportsRedis009AtTheParameters() => Verifier.AnalyzerAsync(
        With("db.ScriptEvaluate(GetByKey, {|#0:new { key = \"user:1\" }|});"),
        Verifier.Diagnostic("REDIS009").WithLocation(0).WithArguments(
            "redis.call('GET', @key)",
            "names a key that LuaScript passes in ARGV, because member 'key' is a string, not a RedisKey"));

    [Theory]
    [InlineData("await db.ScriptEvaluateAsync(LuaScript.Prepare(\"return redis.call('DEL', @key)\"), {|REDIS009:new { key = id }|});")]
    [InlineData("db.ScriptEvaluate(LuaScript.Prepare(\"return redis.call('SET', @key, @value)\"), {|REDIS009:new { key = value, value }|});")]
    public Task LuaScriptKeysNotRedisKey_ReportRedis009(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("db.ScriptEvaluate(GetByKey, new { key = (RedisKey)\"user:1\" });")]
    [InlineData("db.ScriptEvaluate(GetByKey, new { key });")]
    [InlineData("await db.ScriptEvaluateAsync(LuaScript.Prepare(\"return redis.call('SET', @key, @value)\"), new { key, value = id });")]
    [InlineData("db.ScriptEvaluate(GetByKey, new { other = id });")]
    [InlineData("db.ScriptEvaluate(GetByKey);")]
    public Task LuaScriptKeysThatAreRedisKeys_AreQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("db.ScriptEvaluate({|REDIS009:\"return redis.pcall(\\\"INCR\\\", \\\"counter\\\")\"|});")]
    [InlineData("db.ScriptEvaluate({|REDIS009:GetUser|});")]
    [InlineData("db.ScriptEvaluateReadOnly({|REDIS009:\"return redis.call('hget', 'user:1', 'name')\"|});")]
    [InlineData("await db.ScriptEvaluateReadOnlyAsync({|REDIS009:\"local v = redis.call('GET', 'a')\\nreturn v\"|});")]
    [InlineData("server.ScriptLoad({|REDIS009:\"return redis.call('EXPIRE', 'user:1', 60)\"|});")]
    [InlineData("await server.ScriptLoadAsync({|REDIS009:\"return redis.call('ZADD', 'board', ARGV[1], ARGV[2])\"|});")]
    [InlineData("LuaScript.Prepare({|REDIS009:\"return redis.call('GET', 'user:' .. @id)\"|});")]
    [InlineData("db.ScriptEvaluate({|REDIS009:\"return redis.call('GET', KEYS[1])\"|}, keys: null);")]
    [InlineData("db.ScriptEvaluate({|REDIS009:\"return redis.call('GET', KEYS[1])\"|}, new RedisKey[0]);")]
    [InlineData("db.ScriptEvaluate({|REDIS009:\"return redis.call('GET', KEYS[1])\"|}, Array.Empty<RedisKey>());")]
    [InlineData("db.ScriptEvaluate({|REDIS009:\"return redis.call('GET', KEYS[1])\"|}, []);")]
    [InlineData("await db.ScriptEvaluateAsync({|REDIS009:\"return KEYS[1]\"|}, new RedisKey[] { });")]
    [InlineData("db.ScriptEvaluate({|REDIS009:\"#!lua flags=no-writes\\nreturn redis.call('GET', 'user:1')\"|});")]
    public Task UndeclaredKeys_ReportRedis009(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("db.ScriptEvaluate(\"return redis.call('GET', KEYS[1])\", new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate(\"#!lua flags=no-writes\\nreturn redis.call('GET', KEYS[1])\", new RedisKey[] { key });")]
    [InlineData("await db.ScriptEvaluateAsync(\"return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\", [key], [value, 5000]);")]
    [InlineData("db.ScriptEvaluate(\"local k = KEYS[1] .. ':meta'\\nreturn redis.call('GET', k)\", new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate(\"-- redis.call('GET', 'user:1')\\nreturn redis.call('GET', KEYS[1])\", new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate(\"--[[ redis.call('DEL', 'x') ]] return redis.call('DEL', KEYS[1])\", new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate(\"return [[redis.call('GET', 'user:1')]]\");")]
    [InlineData("db.ScriptEvaluate(\"return 'redis.call(\\\"GET\\\", \\\"x\\\")'\");")]
    [InlineData("db.ScriptEvaluate(\"return redis.call('PUBLISH', 'events', ARGV[1])\", values: new RedisValue[] { value });")]
    [InlineData("db.ScriptEvaluate(\"return redis.call('TIME')\");")]
    [InlineData("db.ScriptEvaluate(\"return ARGV[1]\", values: new RedisValue[] { value });")]
    [InlineData("LuaScript.Prepare(\"return redis.call('GET', @key)\");")]
    [InlineData("LuaScript.Prepare(\"return redis.call('GET', KEYS[1])\");")]
    [InlineData("server.ScriptLoad(\"return redis.call('GET', KEYS[1])\");")]
    [InlineData("var script = \"return redis.call('GET', 'user:1')\" + id; count += script.Length;")]
    [InlineData("db.ScriptEvaluate(new byte[20], new RedisKey[] { key });")]
    [InlineData("count += new Lookalike().ScriptEvaluate(\"return redis.call('GET', 'user:1')\");")]
    public Task DeclaredKeysAndLookAlikes_AreQuiet(string body) => Verifier.AnalyzerAsync(
        With(body) + """

            public sealed class Lookalike
            {
                public int ScriptEvaluate(string script) => script.Length;
            }
            """);

    [Fact]
    public async Task GeneratedCode_IsQuiet()
    {
        // REDIS009, REDIS011 and REDIS018 all skip generated code.
        var test = new Verifier.AnalyzerTest();
        test.TestState.Sources.Add(("Scripts.g.cs", "// <auto-generated/>\n" + With(
            "db.ScriptEvaluate(\"return redis.call('GET', 'user:1')\"); db.ScriptEvaluate($\"return '{id}'\"); count += server.ScriptLoad(GetUser).Length;")));
        test.TestState.Sources.Add(("Scan.g.cs", """
            // <auto-generated/>
            using System.Linq;
            using StackExchange.Redis;

            namespace App;

            public static class Scan
            {
                public static int Count(IDatabase db, string userId) => db.SetScan("sessions", $"user:{userId}:*", 10).Count();
            }
            """));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }
}
