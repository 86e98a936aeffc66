using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS004: StringSet then KeyExpire on the same key, and its fix.</summary>
public sealed class NonAtomicTtlTests
{
    private const string Code = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public sealed class SessionStore(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();

            public async Task SaveAsync(string id, string json, TimeSpan ttl)
            {
                var key = "session:" + id;
                BODY
                await Task.Yield();
            }

            private static string NextKey() => Guid.NewGuid().ToString();
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task SyncPair_ReportsRedis004AtKeyExpire() => Verifier.AnalyzerAsync(
        With("""
            _db.StringSet(key, json);
                    _db.KeyExpire(key, ttl);
            """),
        Verifier.Diagnostic("REDIS004").WithSpan(15, 9, 15, 32).WithArguments("KeyExpire", "StringSet", "is a second command: if it is lost, the key never expires; pass the expiry to 'StringSet' instead"));

    [Fact]
    public Task AwaitedPair_ReportsRedis004AtKeyExpireAsync() => Verifier.AnalyzerAsync(
        With("""
            await _db.StringSetAsync(key, json);
                    await _db.KeyExpireAsync(key, ttl);
            """),
        Verifier.Diagnostic("REDIS004").WithSpan(15, 15, 15, 43).WithArguments("KeyExpireAsync", "StringSetAsync", "is a second command: if it is lost, the key never expires; pass the expiry to 'StringSetAsync' instead"));

    [Theory]
    [InlineData("_db.StringSet(\"session:\" + id, json); {|REDIS004:_db.KeyExpire(\"session:\" + id, TimeSpan.FromMinutes(20))|};")]
    [InlineData("await _db.StringSetAsync($\"session:{id}\", json).ConfigureAwait(false); await {|REDIS004:_db.KeyExpireAsync($\"session:{id}\", ttl)|}.ConfigureAwait(false);")]
    [InlineData("IDatabaseAsync db = _db; await db.StringSetAsync(key, json); await {|REDIS004:db.KeyExpireAsync(key, ttl)|};")]
    [InlineData("redis.GetDatabase().StringSet(key, json); {|REDIS004:redis.GetDatabase().KeyExpire(key, ttl)|};")]
    [InlineData("_db.StringSet(key: key, value: json); {|REDIS004:_db.KeyExpire(key, expiry: ttl)|};")]
    public Task NonAtomicPair_ReportsRedis004(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    // The set already has an expiry, or other options the fix would have to keep.
    [InlineData("_db.StringSet(key, json, ttl); _db.KeyExpire(key, ttl);")]
    [InlineData("_db.StringSet(key, json, when: When.NotExists); _db.KeyExpire(key, ttl);")]
    [InlineData("_db.StringSet(key, json, flags: {|REDIS013:CommandFlags.FireAndForget|}); _db.KeyExpire(key, ttl);")]
    [InlineData("_db.StringSet(key, json); _db.KeyExpire(key, ttl, CommandFlags.FireAndForget);")]
    // Another key, a key that may differ each time, another database.
    [InlineData("{|REDIS003:_db.StringSet(key, json)|}; _db.KeyExpire(\"session:\" + json, ttl);")]
    [InlineData("{|REDIS003:_db.StringSet(NextKey(), json)|}; _db.KeyExpire(NextKey(), ttl);")]
    [InlineData("redis.GetDatabase(1).StringSet(key, json); redis.GetDatabase(2).KeyExpire(key, ttl);")]
    // Not adjacent, not in the same block, or not both sync / both awaited.
    [InlineData("_db.StringSet(key, json); Console.WriteLine(key); _db.KeyExpire(key, ttl);")]
    [InlineData("_db.StringSet(key, json); if (ttl > TimeSpan.Zero) { _db.KeyExpire(key, ttl); }")]
    [InlineData("_db.StringSet(key, json); await _db.KeyExpireAsync(key, ttl);")]
    [InlineData("await _db.StringSetAsync(key, json); _ = _db.KeyExpireAsync(key, ttl);")]
    // An absolute time, a transaction (SER303's case), a result that is used.
    [InlineData("_db.StringSet(key, json); _db.KeyExpire(key, DateTime.UtcNow.Add(ttl));")]
    [InlineData("var tran = _db.CreateTransaction(); _ = tran.StringSetAsync(key, json); _ = tran.KeyExpireAsync(key, ttl); await tran.ExecuteAsync();")]
    [InlineData("_db.StringSet(key, json); var expired = _db.KeyExpire(key, ttl);")]
    public Task AtomicOrUnsure_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task ExpireThenSet_ReportsRedis004AtTheSet() => Verifier.AnalyzerAsync(
        With("""
            _db.KeyExpire(key, ttl);
                    _db.StringSet(key, json);
            """),
        Verifier.Diagnostic("REDIS004").WithSpan(15, 9, 15, 33).WithArguments("StringSet", "KeyExpire", "discards the TTL 'KeyExpire' set, so the key never expires; pass the expiry to 'StringSet' and remove the 'KeyExpire'"));

    [Theory]
    [InlineData("await _db.KeyExpireAsync(key, ttl); Console.WriteLine(key); await {|REDIS004:_db.StringSetAsync(key, json)|};")]
    [InlineData("_db.KeyExpire(key, DateTime.UtcNow.Add(ttl)); var written = {|REDIS004:_db.StringSet(key, json, when: When.Exists)|};")]
    [InlineData("_db.KeyExpire(\"session:\" + id, ttl, CommandFlags.FireAndForget); {|REDIS004:_db.StringSet(\"session:\" + id, json, null, When.Always)|};")]
    public Task ExpireThenSet_ReportsRedis004(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    // The set gives its own TTL or keeps the one it has.
    [InlineData("_db.KeyExpire(key, ttl); _db.StringSet(key, json, ttl);")]
    [InlineData("_db.KeyExpire(key, ttl); _db.StringSet(key, json, null, keepTtl: true);")]
    // The key may have changed in between; the expire is conditional; another database; PERSIST.
    [InlineData("_db.KeyExpire(key, ttl); key = NextKey(); _db.StringSet(key, json);")]
    [InlineData("if (ttl > TimeSpan.Zero) { _db.KeyExpire(key, ttl); } _db.StringSet(key, json);")]
    [InlineData("redis.GetDatabase(1).KeyExpire(key, ttl); redis.GetDatabase(2).StringSet(key, json);")]
    [InlineData("_db.KeyExpire(key, (TimeSpan?)null); _db.StringSet(key, json);")]
    public Task ExpireThenSetNotCertain_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task HashSetThenExpire_ReportsRedis004WithTheLuaAdvice() => Verifier.AnalyzerAsync(
        With("""
            _db.HashSet(key, "name", json);
                    _db.KeyExpire(key, ttl);
            """),
        Verifier.Diagnostic("REDIS004").WithSpan(15, 9, 15, 32).WithArguments("KeyExpire", "HashSet", "is a second command: if it is lost, the key never expires; run HSET and EXPIRE in one Lua script (ScriptEvaluate)"));

    [Fact]
    public Task HashSetThenExpire_OnRedis8_MentionsHsetex() => Verifier.AnalyzerWithOptionsAsync(
        With("""
            _db.HashSet(key, "name", json);
                    _db.KeyExpire(key, ttl);
            """),
        new[] { "caching_redis.server_version = 8.0" },
        System.Array.Empty<string>(),
        Verifier.Diagnostic("REDIS004").WithSpan(15, 9, 15, 32).WithArguments("KeyExpire", "HashSet", "is a second command: if it is lost, the key never expires; run HSET and EXPIRE in one Lua script (ScriptEvaluate), or set field TTLs with 'HashFieldSetAndSetExpiry' (HSETEX, Redis 8.0+)"));

    [Fact]
    public Task HashSetThenExpire_OnRedis7_DoesNotMentionHsetex() => Verifier.AnalyzerWithOptionsAsync(
        With("""
            _db.HashSet(key, "name", json);
                    _db.KeyExpire(key, ttl);
            """),
        System.Array.Empty<string>(),
        new[] { "RedisMinServerVersion=7.2" },
        Verifier.Diagnostic("REDIS004").WithSpan(15, 9, 15, 32).WithArguments("KeyExpire", "HashSet", "is a second command: if it is lost, the key never expires; run HSET and EXPIRE in one Lua script (ScriptEvaluate)"));

    [Theory]
    [InlineData("await _db.HashSetAsync(key, new[] { new HashEntry(\"name\", json) }); await {|REDIS004:_db.KeyExpireAsync(key, ttl)|};")]
    [InlineData("_db.HashSet(key, \"name\", json, flags: CommandFlags.FireAndForget); {|REDIS004:_db.KeyExpire(key, ttl, CommandFlags.FireAndForget)|};")]
    public Task HashSetThenExpire_ReportsRedis004(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("_db.HashSet(key, \"name\", json); Console.WriteLine(key); _db.KeyExpire(key, ttl);")]
    [InlineData("{|REDIS003:_db.HashSet(key, \"name\", json)|}; _db.KeyExpire(\"other:\" + id, ttl);")]
    [InlineData("var tran = _db.CreateTransaction(); _ = tran.HashSetAsync(key, \"name\", json); _ = tran.KeyExpireAsync(key, ttl); await tran.ExecuteAsync();")]
    public Task HashSetThenExpireNotCertain_IsQuietForRedis004(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("_db.HashSet(key, \"name\", json); {|REDIS004:_db.KeyExpire(key, ttl)|};")]
    [InlineData("_db.KeyExpire(key, ttl); {|REDIS004:_db.StringSet(key, json)|};")]
    public Task HashAndDiscardedShapes_OfferNoFix(string body) => Verifier.CodeFixAsync<NonAtomicTtlCodeFixProvider>(
        With(body.Replace("; ", ";\n        ", System.StringComparison.Ordinal)),
        With(body.Replace("; ", ";\n        ", System.StringComparison.Ordinal)));

    [Theory]
    [InlineData(
        "_db.StringSet(key, json); {|REDIS004:_db.KeyExpire(key, ttl)|};",
        "_db.StringSet(key, json, ttl);")]
    [InlineData(
        "await _db.StringSetAsync(key, json); await {|REDIS004:_db.KeyExpireAsync(key, TimeSpan.FromMinutes(20))|};",
        "await _db.StringSetAsync(key, json, TimeSpan.FromMinutes(20));")]
    [InlineData(
        "await _db.StringSetAsync(key, json).ConfigureAwait(false); await {|REDIS004:_db.KeyExpireAsync(key, ttl)|}.ConfigureAwait(false);",
        "await _db.StringSetAsync(key, json, ttl).ConfigureAwait(false);")]
    [InlineData(
        "_db.StringSet(key: key, value: json); {|REDIS004:_db.KeyExpire(key, expiry: ttl)|};",
        "_db.StringSet(key: key, value: json, expiry: ttl);")]
    public Task Fix_PassesTheExpiryToStringSet(string before, string after) => Verifier.CodeFixAsync<NonAtomicTtlCodeFixProvider>(
        With(before.Replace("; ", ";\n        ", System.StringComparison.Ordinal)),
        With(after));

    [Fact]
    public Task FixAll_FixesEveryPair() => Verifier.FixAllAsync<NonAtomicTtlCodeFixProvider>(
        With("""
            _db.StringSet(key, json);
                    {|REDIS004:_db.KeyExpire(key, ttl)|};
                    await _db.StringSetAsync("index:" + id, key);
                    await {|REDIS004:_db.KeyExpireAsync("index:" + id, ttl)|};
            """),
        With("""
            _db.StringSet(key, json, ttl);
                    await _db.StringSetAsync("index:" + id, key, ttl);
            """));
}
