using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS011: a Lua script text built at run time.</summary>
public sealed class ScriptNotConstantTests
{
    private const string Code = """
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Scripts(IDatabase db, IServer server)
        {
            private const string Head = "return redis.call('GET', KEYS[1])";
            private const int Limit = 10;
            private static readonly string Suffix = " or false";
            private readonly string field = "name";

            public int Run(string id, int count, RedisKey key)
            {
                BODY_SYNC
                return count;
            }

            public async Task<int> RunAsync(string id, int count, RedisKey key)
            {
                BODY_ASYNC
                await Task.Yield();
                return count;
            }
        }
        """;

    // Synchronous calls go in a synchronous method and awaited ones in an async method, as real code has them.
    private static string With(string body) => body.Contains("await ", System.StringComparison.Ordinal)
        ? Code.Replace("BODY_SYNC", "").Replace("BODY_ASYNC", body)
        : Code.Replace("BODY_ASYNC", "").Replace("BODY_SYNC", body);

    [Fact]
    public Task InterpolatedScript_ReportsRedis011WithTheHole() => Verifier.AnalyzerAsync(
        With("db.ScriptEvaluate({|#0:$\"return redis.call('GET', 'user:{id}')\"|});"),
        Verifier.Diagnostic("REDIS011").WithLocation(0).WithArguments("id"));

    [Theory]
    [InlineData("db.ScriptEvaluate({|REDIS011:\"return redis.call('HGET', KEYS[1], '\" + field + \"')\"|}, new RedisKey[] { key });")]
    [InlineData("await db.ScriptEvaluateAsync({|REDIS011:$\"return redis.call('INCRBY', KEYS[1], {count})\"|}, new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluateReadOnly({|REDIS011:Head + \" -- \" + id|}, new RedisKey[] { key });")]
    [InlineData("server.ScriptLoad({|REDIS011:$\"return '{id.ToUpperInvariant()}'\"|});")]
    [InlineData("await server.ScriptLoadAsync({|REDIS011:\"return \" + count|});")]
    [InlineData("LuaScript.Prepare({|REDIS011:$\"return redis.call('GET', @key) .. '{id}'\"|});")]
    public Task BuiltScripts_ReportRedis011(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("db.ScriptEvaluate(Head, new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate(Head + \" or false\", new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate($\"{Head} or false\", new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate(Head + Suffix, new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate($\"return redis.call('LRANGE', KEYS[1], 0, {Limit})\", new RedisKey[] { key });")]
    [InlineData("db.ScriptEvaluate(\"return redis.call('GET', KEYS[1]) .. ARGV[1]\", new RedisKey[] { key }, new RedisValue[] { id });")]
    [InlineData("var script = $\"return '{id}'\"; count += script.Length;")]
    [InlineData("count += $\"return '{id}'\".Length;")]
    [InlineData("count += db.StringGet($\"return '{id}'\").IsNull ? 0 : 1;")]
    public Task ConstantScriptsAndLookAlikes_AreQuiet(string body) => Verifier.AnalyzerAsync(With(body));
}
