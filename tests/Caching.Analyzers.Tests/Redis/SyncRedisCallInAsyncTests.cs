using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS007: a synchronous StackExchange.Redis command in an async function, and its fix.</summary>
public sealed class SyncRedisCallInAsyncTests
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Profiles(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();
            private readonly object _gate = new();

            public async Task<string?> LoadAsync(string id)
            {
                BODY
                await Task.Yield();
                return null;
            }

            public string? Load(string id)
            {
                SYNC
                return null;
            }

            private static void Use(object? value) => Console.WriteLine(value);

            private static IConnectionMultiplexer? Shared { get; set; }
        }
        """;

    private static string With(string body, string sync = "") => Code.Replace("BODY", body).Replace("SYNC", sync);

    [Fact]
    public Task StringGetInAsyncMethod_ReportsRedis007AtTheCall() => Verifier.AnalyzerAsync(
        With("string? json = _db.StringGet(\"profile:\" + id);"),
        Verifier.Diagnostic("REDIS007").WithSpan(15, 24, 15, 54).WithArguments("IDatabase.StringGet", "StringGetAsync"));

    [Theory]
    [InlineData("{|REDIS007:_db.StringSet(id, \"x\", TimeSpan.FromMinutes(5))|};")]
    [InlineData("var gone = {|REDIS007:_db.KeyDelete(id)|};")]
    [InlineData("Use({|REDIS007:_db.HashGetAll(id)|});")]
    [InlineData("if ({|REDIS007:_db.KeyExists(id)|}) { Use(id); }")]
    [InlineData("var ping = {|REDIS007:redis.GetServer(\"localhost\", 6379).Ping()|};")]
    [InlineData("{|REDIS007:redis.GetSubscriber().Publish(RedisChannel.Literal(\"profiles\"), id)|};")]
    [InlineData("var ok = {|REDIS007:_db.CreateTransaction().Execute()|};")]
    [InlineData("Shared = {|REDIS007:ConnectionMultiplexer.Connect(\"localhost,abortConnect=false\")|};")]
    [InlineData("Func<Task> f = async () => { {|REDIS007:_db.KeyDelete(id)|}; await Task.Yield(); };")]
    [InlineData("async Task Local() { {|REDIS007:_db.KeyDelete(id)|}; await Task.Yield(); } await Local();")]
    [InlineData("lock (_gate) { {|REDIS007:_db.KeyDelete(id)|}; }")]
    public Task SyncCommandInAsyncFunction_ReportsRedis007(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task SyncCommandInSyncMethod_IsQuiet() => Verifier.AnalyzerAsync(With("", "string? json = _db.StringGet(id); Use(json);"));

    [Theory]
    // A sync lambda or local function inside an async method.
    [InlineData("Func<bool> f = () => _db.KeyDelete(id); Use(f);")]
    [InlineData("bool Local() => _db.KeyDelete(id); Use(Local());")]
    [InlineData("var tasks = new List<Task>(); tasks.Add(Task.Run(() => _db.KeyDelete(id)));")]
    // No I/O: no async twin.
    [InlineData("var db = redis.GetDatabase(); var sub = redis.GetSubscriber(); var up = redis.IsConnected; var m = _db.Multiplexer; Use(db); Use(sub); Use(up); Use(m);")]
    [InlineData("var batch = _db.CreateBatch(); var get = batch.StringGetAsync(id); batch.Execute(); Use(await get);")]
    [InlineData("var server = redis.GetServer(\"localhost\", 6379); Use(server.IsConnected); Use(redis.GetEndPoints());")]
    // Already async.
    [InlineData("var json = await _db.StringGetAsync(id);")]
    [InlineData("await _db.StringSetAsync(id, \"x\", TimeSpan.FromMinutes(5)).ConfigureAwait(false);")]
    public Task NoSyncCommandInAsyncFunction_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task Fix_AwaitsTheAsyncTwin() => Verifier.CodeFixAsync<SyncRedisCallInAsyncCodeFixProvider>(
        With("string? json = {|REDIS007:_db.StringGet(\"profile:\" + id, CommandFlags.PreferReplica)|};"),
        With("string? json = await _db.StringGetAsync(\"profile:\" + id, CommandFlags.PreferReplica);"));

    [Theory]
    [InlineData("{|REDIS007:_db.StringSet(key: id, value: \"x\", expiry: TimeSpan.FromMinutes(5))|};", "await _db.StringSetAsync(key: id, value: \"x\", expiry: TimeSpan.FromMinutes(5));")]
    [InlineData("Use({|REDIS007:_db.HashGetAll(id)|});", "Use(await _db.HashGetAllAsync(id));")]
    [InlineData("var text = {|REDIS007:_db.StringGet(id)|}.ToString();", "var text = (await _db.StringGetAsync(id)).ToString();")]
    [InlineData("var len = {|REDIS007:_db.StringGet(id)|}!.Length();", "var len = (await _db.StringGetAsync(id))!.Length();")]
    [InlineData("if (!{|REDIS007:_db.KeyExists(id)|}) { Use(id); }", "if (!await _db.KeyExistsAsync(id)) { Use(id); }")]
    [InlineData("Func<Task<bool>> f = async () => { await Task.Yield(); return {|REDIS007:_db.KeyDelete(id)|}; };", "Func<Task<bool>> f = async () => { await Task.Yield(); return await _db.KeyDeleteAsync(id); };")]
    [InlineData("Shared = {|REDIS007:ConnectionMultiplexer.Connect(\"localhost,abortConnect=false\")|};", "Shared = await ConnectionMultiplexer.ConnectAsync(\"localhost,abortConnect=false\");")]
    public Task Fix_HandlesEachPlaceACallCanBe(string before, string after)
        => Verifier.CodeFixAsync<SyncRedisCallInAsyncCodeFixProvider>(With(before), With(after));

    [Theory]
    // await is not allowed in a lock body or a catch filter; x?.NameAsync() would await a null task.
    [InlineData("lock (_gate) { {|REDIS007:_db.KeyDelete(id)|}; }")]
    [InlineData("try { Use(id); } catch (InvalidOperationException) when ({|REDIS007:_db.KeyExists(id)|}) { Use(null); }")]
    [InlineData("IDatabase? maybe = id.Length > 0 ? _db : null; var json = maybe?{|REDIS007:.StringGet(id)|};")]
    public Task NoFix_WhereAwaitCannotTakeItsPlace(string body)
        => Verifier.CodeFixAsync<SyncRedisCallInAsyncCodeFixProvider>(With(body), With(body));

    [Fact]
    public Task FixAll_NestedCalls_AwaitsBoth() => Verifier.FixAllAsync<SyncRedisCallInAsyncCodeFixProvider>(
        With("{|REDIS007:_db.StringSet(id + \":copy\", {|REDIS007:_db.StringGet(id)|}, TimeSpan.FromMinutes(5))|};"),
        With("await _db.StringSetAsync(id + \":copy\", await _db.StringGetAsync(id), TimeSpan.FromMinutes(5));"));

    [Fact]
    public Task FixAll_AwaitsEveryCallOfTheDocument() => Verifier.FixAllAsync<SyncRedisCallInAsyncCodeFixProvider>(
        With("""
            var json = {|REDIS007:_db.StringGet(id)|};
                    {|REDIS007:_db.StringSet(id + ":copy", json, TimeSpan.FromMinutes(5))|};
                    Func<Task> f = async () => { {|REDIS007:_db.KeyDelete(id)|}; await Task.Yield(); };
                    await f();
            """),
        With("""
            var json = await _db.StringGetAsync(id);
                    await _db.StringSetAsync(id + ":copy", json, TimeSpan.FromMinutes(5));
                    Func<Task> f = async () => { await _db.KeyDeleteAsync(id); await Task.Yield(); };
                    await f();
            """));
}
