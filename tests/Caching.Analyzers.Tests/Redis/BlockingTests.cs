using System;
using System.Threading.Tasks;
using Caching.Analyzers.Redis;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS008: blocking on a task a StackExchange.Redis method returned (the tests reference 2.x, which has no SER307).</summary>
public sealed class BlockingTests
{
    private const string Code = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Profiles(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();

            public string? Load(string id)
            {
                BODY
                return null;
            }

            private static Task<string> FromElsewhere() => Task.FromResult("");
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task Result_ReportsRedis008AtTheBlockingExpression() => Verifier.AnalyzerAsync(
        With("string? json = _db.StringGetAsync(\"profile:\" + id).Result;"),
        Verifier.Diagnostic("REDIS008").WithSpan(13, 24, 13, 66).WithArguments(".Result", "StringGetAsync"));

    [Theory]
    [InlineData("{|REDIS008:_db.StringSetAsync(id, \"x\", TimeSpan.FromMinutes(1)).Wait()|};")]
    [InlineData("var ok = {|REDIS008:_db.KeyDeleteAsync(id).GetAwaiter().GetResult()|};")]
    [InlineData("var pong = {|REDIS008:redis.GetServer(\"localhost\", 6379).PingAsync().Result|};")]
    [InlineData("var n = {|REDIS008:redis.GetSubscriber().PublishAsync(RedisChannel.Literal(\"profiles\"), id).Result|};")]
    [InlineData("using var mux = {|REDIS008:ConnectionMultiplexer.ConnectAsync(\"localhost,abortConnect=false\").Result|};")]
    [InlineData("{|REDIS008:redis.GetDatabase().HashGetAllAsync(id).Wait(TimeSpan.FromSeconds(1))|};")]
    [InlineData("var tran = _db.CreateTransaction(); var done = {|REDIS008:tran.ExecuteAsync().Result|};")]
    [InlineData("var tran = {|REDIS016:_db.CreateTransaction()|}; var queued = {|REDIS008:tran.StringGetAsync(id).GetAwaiter().GetResult()|};")]
    public Task Blocking_ReportsRedis008(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("var task = _db.StringGetAsync(id); string? json = task.Result;")]
    [InlineData("string? json = _db.StringGet(id);")]
    [InlineData("var batch = _db.CreateBatch(); var get = batch.StringGetAsync(id); batch.Execute(); var value = get.Result;")]
    [InlineData("var other = FromElsewhere().Result;")]
    [InlineData("var done = Task.WhenAll(_db.StringGetAsync(id)).Result;")]
    [InlineData("_ = _db.StringIncrementAsync(id, flags: CommandFlags.FireAndForget);")]
    [InlineData("var json = _db.StringGetAsync(id).ConfigureAwait(false).GetAwaiter().GetResult();")]
    public Task NotBlockingOnARedisCallDirectly_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("2.13.23+a1b2c3d4", 2, false)]
    [InlineData("3.1.30", 3, false)]
    [InlineData("3.1.31", 3, true)]
    [InlineData("3.4.35+0123abcd", 3, true)]
    [InlineData("3.2.1-preview", 3, true)]
    [InlineData(null, 2, false)]
    [InlineData("unknown", 3, true)]
    public void BuiltInRule_FromTheInformationalVersion(string? informational, int major, bool expected)
        => Assert.Equal(expected, RedisUsageAnalyzer.HasBuiltInBlockingRule(informational, new Version(major, 0, 0, 0)));
}
