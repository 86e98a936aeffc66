using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS003: a Redis write that leaves the key with no TTL, and the fix that adds caching.default_ttl.</summary>
public sealed class WriteWithoutExpiryTests
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public sealed class ProfileStore(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();

            public async Task SaveAsync(string id, string json, TimeSpan ttl)
            {
                var key = "profile:" + id;
                BODY
                await Task.Yield();
            }
        }

        public sealed class FakeDb
        {
            public bool StringSet(string key, string value) => true;

            public void HashSet(string key, string field, string value) { }
        }
        """;

    private static readonly string[] DefaultTtl600 = { "caching.default_ttl = 600" };

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task StringSet_ReportsRedis003AtTheCall() => Verifier.AnalyzerAsync(
        With("_db.StringSet(key, json);"),
        Verifier.Diagnostic("REDIS003").WithSpan(15, 9, 15, 33).WithArguments("StringSet", "pass an expiry, as in 'StringSet(key, value, expiry: TimeSpan.FromMinutes(10))'"));

    [Fact]
    public Task HashSet_ReportsRedis003WithTheKeyExpireAdvice() => Verifier.AnalyzerAsync(
        With("_db.HashSet(key, \"name\", json);"),
        Verifier.Diagnostic("REDIS003").WithSpan(15, 9, 15, 39).WithArguments("HashSet", "call KeyExpire on the same key after the write, or use a key that is meant to live until deleted"));

    [Theory]
    [InlineData("await {|REDIS003:_db.StringSetAsync(key, json)|};")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, null, When.Always)|};")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, default(TimeSpan?), When.NotExists)|};")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, when: When.NotExists)|};")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, null, keepTtl: false)|};")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, Expiration.Default, ValueCondition.Always)|};")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, default(Expiration))|};")]
    [InlineData("{|REDIS003:_db.StringSet(new[] { new KeyValuePair<RedisKey, RedisValue>(key, json) })|};")]
    [InlineData("{|REDIS003:redis.GetDatabase(2).StringSet(\"profile:\" + id, json)|};")]
    [InlineData("{|REDIS003:_db.StringSet(key, json)|}; _db.KeyExpire(\"other:\" + id, ttl);")]
    [InlineData("var tran = _db.CreateTransaction(); _ = {|REDIS003:tran.StringSetAsync(key, json)|}; await tran.ExecuteAsync();")]
    [InlineData("Func<Task<bool>> save = () => {|REDIS003:_db.StringSetAsync(key, json)|}; await save();")]
    [InlineData("await {|REDIS003:_db.StringSetAsync(key, json, flags: CommandFlags.NoRedirect)|};")]
    [InlineData("await {|REDIS003:_db.HashSetAsync(key, new[] { new HashEntry(\"name\", json) })|};")]
    [InlineData("await {|REDIS003:_db.SetAddAsync(\"profiles\", id)|};")]
    [InlineData("{|REDIS003:_db.SortedSetAdd(\"scores\", id, 1.0)|};")]
    [InlineData("{|REDIS003:_db.ListRightPush(\"queue:\" + id, json)|};")]
    // A KeyExpire before a collection write does not cover it: when the key did not exist, EXPIRE did nothing.
    [InlineData("_db.KeyExpire(key, ttl); {|REDIS003:_db.HashSet(key, \"name\", json)|};")]
    public Task WriteWithoutExpiry_ReportsRedis003(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("_db.StringSet(key, json, ttl);")]
    [InlineData("await _db.StringSetAsync(key, json, TimeSpan.FromMinutes(5));")]
    [InlineData("_db.StringSet(key, json, expiry: ttl, when: When.NotExists);")]
    [InlineData("_db.StringSet(key, json, null, keepTtl: true);")]
    [InlineData("_db.StringSet(key, json, Expiration.KeepTtl);")]
    [InlineData("_db.StringSet(key, json, new Expiration(ttl));")]
    [InlineData("_db.StringSet(key, json, DateTime.UtcNow.AddMinutes(5), ValueCondition.Always);")]
    [InlineData("_db.StringSet(new[] { new KeyValuePair<RedisKey, RedisValue>(key, json) }, When.Always, ttl);")]
    // Not known from the code: a TTL that may be null, a keepTtl that may be true.
    [InlineData("TimeSpan? maybe = ttl > TimeSpan.Zero ? ttl : null; _db.StringSet(key, json, maybe, When.Always);")]
    [InlineData("var keep = ttl == TimeSpan.Zero; _db.StringSet(key, json, null, keep);")]
    // The TTL is set later in the method (REDIS004 reports it when it is not atomic).
    [InlineData("_db.StringSet(key, json); Console.WriteLine(key); _db.KeyExpire(key, ttl);")]
    [InlineData("_db.HashSet(key, \"name\", json); Console.WriteLine(key); _db.KeyExpire(key, ttl);")]
    [InlineData("await _db.SetAddAsync(key, id); await _db.KeyExpireAsync(key, ttl);")]
    [InlineData("_db.ListRightPush(key, json); if (ttl > TimeSpan.Zero) { _db.KeyExpire(key, ttl); }")]
    [InlineData("var tran = _db.CreateTransaction(); _ = tran.StringSetAsync(key, json); _ = tran.KeyExpireAsync(key, ttl); await tran.ExecuteAsync();")]
    // Not StackExchange.Redis, or not a write.
    [InlineData("new FakeDb().StringSet(key, json); new FakeDb().HashSet(key, \"name\", json);")]
    [InlineData("var json2 = _db.StringGet(key); _db.KeyDelete(key);")]
    public Task WriteWithExpiryOrUnsure_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task StringSetThenKeyExpire_ReportsOnlyRedis004() => Verifier.AnalyzerAsync(
        With("_db.StringSet(key, json); {|REDIS004:_db.KeyExpire(key, ttl)|};"));

    [Theory]
    [InlineData("{|REDIS003:_db.StringSet(key, json)|};", "_db.StringSet(key, json, expiry: TimeSpan.FromSeconds(600));")]
    [InlineData("await {|REDIS003:_db.StringSetAsync(key, json, when: When.NotExists)|};", "await _db.StringSetAsync(key, json, when: When.NotExists, expiry: TimeSpan.FromSeconds(600));")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, null, When.Always)|};", "_db.StringSet(key, json, TimeSpan.FromSeconds(600), When.Always);")]
    [InlineData("{|REDIS003:_db.StringSet(key, json, Expiration.Default, ValueCondition.NotExists)|};", "_db.StringSet(key, json, TimeSpan.FromSeconds(600), ValueCondition.NotExists);")]
    public Task Fix_AddsTheDefaultTtl(string before, string after) => Verifier.CodeFixWithOptionsAsync<DefaultExpiryCodeFixProvider>(
        With(before), With(after), DefaultTtl600, System.Array.Empty<string>());

    [Fact]
    public Task Fix_ReadsATimeSpanSetting() => Verifier.CodeFixWithOptionsAsync<DefaultExpiryCodeFixProvider>(
        With("{|REDIS003:_db.StringSet(key, json)|};"),
        With("_db.StringSet(key, json, expiry: TimeSpan.FromSeconds(1200));"),
        new[] { "caching.default_ttl = 00:20:00" },
        System.Array.Empty<string>());

    [Fact]
    public Task NoDefaultTtl_OffersNoFix() => Verifier.CodeFixAsync<DefaultExpiryCodeFixProvider>(
        With("{|REDIS003:_db.StringSet(key, json)|};"),
        With("{|REDIS003:_db.StringSet(key, json)|};"));

    [Theory]
    // Only a single-key StringSet gets the fix: a collection needs a KeyExpire, and MSET with an expiry is another command.
    [InlineData("{|REDIS003:_db.HashSet(key, \"name\", json)|};")]
    [InlineData("{|REDIS003:_db.StringSet(new[] { new KeyValuePair<RedisKey, RedisValue>(key, json) })|};")]
    public Task DefaultTtl_NoFixForCollectionsOrMset(string body) => Verifier.CodeFixWithOptionsAsync<DefaultExpiryCodeFixProvider>(
        With(body), With(body), DefaultTtl600, System.Array.Empty<string>());

    [Fact]
    public Task FixAll_AddsTheDefaultTtlEverywhere() => Verifier.FixAllWithOptionsAsync<DefaultExpiryCodeFixProvider>(
        With("""
            {|REDIS003:_db.StringSet(key, json)|};
                    await {|REDIS003:_db.StringSetAsync("index:" + id, key)|};
                    {|REDIS003:_db.StringSet("name:" + id, json, null, When.Always)|};
            """),
        With("""
            _db.StringSet(key, json, expiry: TimeSpan.FromSeconds(600));
                    await _db.StringSetAsync("index:" + id, key, expiry: TimeSpan.FromSeconds(600));
                    _db.StringSet("name:" + id, json, TimeSpan.FromSeconds(600), When.Always);
            """),
        DefaultTtl600,
        System.Array.Empty<string>());
}
