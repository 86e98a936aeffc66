using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS012: a per-key command awaited once per loop iteration, and its fix for the simplest shape.</summary>
public sealed class SequentialAwaitInLoopTests
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Sessions(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();

            public async Task RunAsync(IReadOnlyList<string> ids, string[] names)
            {
                BODY
                await Task.Yield();
            }

            private static RedisKey K(string id) => "session:" + id;
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    private static string WithLinq(string body) => With(body).Replace("using System.Threading.Tasks;", "using System.Linq;\nusing System.Threading.Tasks;");

    [Fact]
    public Task AwaitedDeleteInForeach_ReportsRedis012AtTheAwait() => Verifier.AnalyzerAsync(
        With("foreach (var id in ids) { await _db.KeyDeleteAsync(K(id)); }"),
        Verifier.Diagnostic("REDIS012").WithSpan(14, 35, 14, 66).WithArguments("KeyDeleteAsync"));

    [Theory]
    [InlineData("for (var i = 0; i < ids.Count; i++) { var value = {|REDIS012:await _db.StringGetAsync(K(ids[i]))|}; Console.WriteLine(value); }")]
    [InlineData("foreach (var id in ids) { if ({|REDIS012:await _db.KeyExistsAsync(K(id))|}) { Console.WriteLine(id); } }")]
    [InlineData("var queue = new Queue<string>(ids); while (queue.Count > 0) { var id = queue.Dequeue(); {|REDIS012:await _db.HashGetAllAsync(K(id))|}; }")]
    [InlineData("foreach (var id in ids) { {|REDIS012:await _db.StringSetAsync(K(id), \"x\", TimeSpan.FromMinutes(5)).ConfigureAwait(false)|}; }")]
    [InlineData("IDatabaseAsync db = _db; foreach (var name in names) { {|REDIS012:await db.KeyExpireAsync(\"user:\" + name, TimeSpan.FromHours(1))|}; }")]
    [InlineData("foreach (var id in ids) { var key = K(id); Console.WriteLine({|REDIS012:await _db.StringGetAsync(key)|}); }")]
    [InlineData("var queue = new Queue<string>(ids); while (queue.TryDequeue(out var id)) { {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; }")]
    [InlineData("var n = 0; do { var id = ids[n++]; {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; } while (n < ids.Count);")]
    public Task PerKeyAwaitInLoop_ReportsRedis012(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    // A retry or poll on one key: the key does not change with the iteration.
    [InlineData("for (var attempt = 0; attempt < 3; attempt++) { if (await _db.StringSetAsync(\"lock\", \"me\", TimeSpan.FromSeconds(5), When.NotExists)) { break; } await Task.Delay(100); }")]
    [InlineData("while (await _db.KeyExistsAsync(\"lock\")) { await Task.Delay(50); }")]
    // Already pipelined, or queued on a batch.
    [InlineData("var tasks = new List<Task>(); foreach (var id in ids) { tasks.Add(_db.KeyDeleteAsync(K(id))); } await Task.WhenAll(tasks);")]
    [InlineData("var batch = _db.CreateBatch(); var gets = new List<Task<RedisValue>>(); foreach (var id in ids) { gets.Add(batch.StringGetAsync(K(id))); } batch.Execute(); foreach (var get in gets) { Console.WriteLine(await get); }")]
    [InlineData("IBatch batch = _db.CreateBatch(); foreach (var id in ids) { _ = batch.KeyDeleteAsync(K(id)); } batch.Execute();")]
    // Awaited in a lambda the loop starts, a multi-key command, a command that is not per key, not Redis.
    [InlineData("var tasks = new List<Task>(); foreach (var id in ids) { tasks.Add(Task.Run(async () => await _db.KeyDeleteAsync(K(id)))); } await Task.WhenAll(tasks);")]
    [InlineData("foreach (var name in names) { await _db.KeyDeleteAsync(new RedisKey[] { K(name), K(name + \":meta\") }); }")]
    [InlineData("foreach (var id in ids) { await _db.PublishAsync(RedisChannel.Literal(\"sessions\"), id); }")]
    [InlineData("foreach (var id in ids) { await Task.Delay(1); Console.WriteLine(id); }")]
    public Task NotAPerKeyRoundTripPerIteration_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("foreach (var id in ids) { {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; }", "await Task.WhenAll(ids.Select(id => _db.KeyDeleteAsync(K(id))));")]
    [InlineData("foreach (string name in names) {|REDIS012:await _db.KeyExpireAsync(\"user:\" + name, TimeSpan.FromHours(1))|};", "await Task.WhenAll(names.Select(name => _db.KeyExpireAsync(\"user:\" + name, TimeSpan.FromHours(1))));")]
    [InlineData("foreach (var id in ids ?? names) { {|REDIS012:await _db.StringSetAsync(K(id), id, TimeSpan.FromMinutes(5))|}; }", "await Task.WhenAll((ids ?? names).Select(id => _db.StringSetAsync(K(id), id, TimeSpan.FromMinutes(5))));")]
    public Task Fix_PipelinesTheLoopWithWhenAll(string before, string after)
        => Verifier.CodeFixAsync<SequentialAwaitInLoopCodeFixProvider>(With(before), WithLinq(after));

    [Fact]
    public Task Fix_KeepsAnExistingLinqUsing() => Verifier.CodeFixAsync<SequentialAwaitInLoopCodeFixProvider>(
        WithLinq("foreach (var id in ids) { {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; }"),
        WithLinq("await Task.WhenAll(ids.Select(id => _db.KeyDeleteAsync(K(id))));"));

    [Theory]
    // The result is used, the loop does more, or stops early: order or results matter.
    [InlineData("foreach (var id in ids) { var gone = {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; Console.WriteLine(gone); }")]
    [InlineData("foreach (var id in ids) { Console.WriteLine(id); {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; }")]
    [InlineData("foreach (var id in ids) { if ({|REDIS012:await _db.KeyExistsAsync(K(id))|}) { return; } }")]
    // Not the plain shape: ConfigureAwait, a for loop, an argument with a side effect, a comment the fix would lose.
    [InlineData("foreach (var id in ids) { {|REDIS012:await _db.KeyDeleteAsync(K(id)).ConfigureAwait(false)|}; }")]
    [InlineData("for (var i = 0; i < ids.Count; i++) { {|REDIS012:await _db.KeyDeleteAsync(K(ids[i]))|}; }")]
    [InlineData("var n = 0; foreach (var id in ids) { {|REDIS012:await _db.StringSetAsync(K(id), n++, TimeSpan.FromMinutes(5))|}; }")]
    [InlineData("foreach (var id in ids) { // one at a time on purpose\n {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; }")]
    public Task NotPurelyMechanical_NoFix(string body)
        => Verifier.CodeFixAsync<SequentialAwaitInLoopCodeFixProvider>(With(body), With(body));

    [Fact]
    public Task FixAll_RewritesEveryLoopAndAddsTheUsingOnce() => Verifier.FixAllAsync<SequentialAwaitInLoopCodeFixProvider>(
        With("""
            foreach (var id in ids) { {|REDIS012:await _db.KeyDeleteAsync(K(id))|}; }
                    foreach (var name in names)
                    {
                        {|REDIS012:await _db.KeyExpireAsync("user:" + name, TimeSpan.FromHours(1))|};
                    }
            """),
        WithLinq("""
            await Task.WhenAll(ids.Select(id => _db.KeyDeleteAsync(K(id))));
                    await Task.WhenAll(names.Select(name => _db.KeyExpireAsync("user:" + name, TimeSpan.FromHours(1))));
            """));
}
