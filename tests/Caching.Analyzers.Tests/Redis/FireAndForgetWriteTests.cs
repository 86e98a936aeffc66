using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS013: a delete, publish or cache write sent with CommandFlags.FireAndForget.</summary>
public sealed class FireAndForgetWriteTests
{
    private const string Code = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public sealed class Invalidator(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();

            public async Task ForgetAsync(string id, string json, TimeSpan ttl, CommandFlags flags)
            {
                var key = "user:" + id;
                BODY
                await Task.Yield();
            }
        }

        public sealed class FakeDb
        {
            public bool KeyDelete(string key, CommandFlags flags) => true;
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task KeyDelete_ReportsRedis013AtTheFlags() => Verifier.AnalyzerAsync(
        With("_db.KeyDelete(key, CommandFlags.FireAndForget);"),
        Verifier.Diagnostic("REDIS013").WithSpan(14, 28, 14, 54).WithArguments("KeyDelete"));

    [Theory]
    [InlineData("await _db.KeyDeleteAsync(key, flags: {|REDIS013:CommandFlags.FireAndForget|});")]
    [InlineData("_db.KeyDelete(new RedisKey[] { key, \"orders:\" + id }, {|REDIS013:CommandFlags.FireAndForget|});")]
    [InlineData("redis.GetSubscriber().Publish(RedisChannel.Literal(\"invalidate\"), key, {|REDIS013:CommandFlags.FireAndForget|});")]
    [InlineData("await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(\"invalidate\"), key, {|REDIS013:CommandFlags.FireAndForget|});")]
    [InlineData("_db.Publish(RedisChannel.Literal(\"invalidate\"), key, {|REDIS013:CommandFlags.FireAndForget|});")]
    [InlineData("_db.StringSet(key, json, ttl, flags: {|REDIS013:CommandFlags.FireAndForget|});")]
    [InlineData("await _db.StringSetAsync(key, json, ttl, When.Always, {|REDIS013:CommandFlags.FireAndForget | CommandFlags.NoRedirect|});")]
    [InlineData("var batch = _db.CreateBatch(); _ = batch.KeyDeleteAsync(key, {|REDIS013:CommandFlags.FireAndForget|}); batch.Execute();")]
    public Task FireAndForgetWrite_ReportsRedis013(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("_db.KeyDelete(key);")]
    [InlineData("await _db.KeyDeleteAsync(key, CommandFlags.None);")]
    [InlineData("_db.KeyDelete(key, CommandFlags.NoRedirect);")]
    // Flags not known from the code, or a command the rule does not cover.
    [InlineData("_db.KeyDelete(key, flags);")]
    [InlineData("_db.StringIncrement(\"hits:\" + id, flags: CommandFlags.FireAndForget);")]
    [InlineData("_db.KeyExpire(key, ttl, CommandFlags.FireAndForget);")]
    [InlineData("new FakeDb().KeyDelete(key, CommandFlags.FireAndForget);")]
    public Task NotFireAndForgetOrNotCovered_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));
}
