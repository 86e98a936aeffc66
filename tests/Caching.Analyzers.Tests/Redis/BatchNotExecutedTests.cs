using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS016: a batch or transaction with queued commands that is never executed (the tests reference 2.x, which has no SER305).</summary>
public sealed class BatchNotExecutedTests
{
    private const string Code = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Warmer(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();
            private IBatch? _pending;

            public async Task WarmAsync(string id, string json, TimeSpan ttl)
            {
                var key = "user:" + id;
                BODY
                await Task.Yield();
            }

            private static void Run(IBatch batch) => batch.Execute();

            private static IBatch Make(IDatabase db) { var batch = db.CreateBatch(); _ = batch.KeyDeleteAsync("old"); return batch; }
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task BatchNeverExecuted_ReportsRedis016AtCreateBatch() => Verifier.AnalyzerAsync(
        With("""
            var batch = _db.CreateBatch();
                    _ = batch.StringSetAsync(key, json, ttl);
            """),
        Verifier.Diagnostic("REDIS016").WithSpan(15, 21, 15, 38).WithArguments("batch", "Execute"));

    [Theory]
    [InlineData("var tran = {|REDIS016:_db.CreateTransaction()|}; tran.AddCondition(Condition.KeyNotExists(key)); _ = tran.StringSetAsync(key, json, ttl);")]
    [InlineData("IBatch batch = {|REDIS016:redis.GetDatabase().CreateBatch()|}; _ = batch.KeyDeleteAsync(key); _ = batch.KeyDeleteAsync(\"orders:\" + id);")]
    [InlineData("var batch = {|REDIS016:_db.CreateBatch()|}; var get = batch.StringGetAsync(key); Console.WriteLine(get.Status);")]
    [InlineData("Func<Task> work = async () => { var batch = {|REDIS016:_db.CreateBatch()|}; _ = batch.KeyDeleteAsync(key); await Task.Yield(); }; await work();")]
    public Task NeverExecuted_ReportsRedis016(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task TransactionNeverExecuted_SuggestsExecuteAsync() => Verifier.AnalyzerAsync(
        With("""
            var tran = _db.CreateTransaction();
                    _ = tran.KeyDeleteAsync(key);
            """),
        Verifier.Diagnostic("REDIS016").WithSpan(15, 20, 15, 43).WithArguments("tran", "ExecuteAsync"));

    [Theory]
    [InlineData("var batch = _db.CreateBatch(); _ = batch.StringSetAsync(key, json, ttl); batch.Execute();")]
    [InlineData("var tran = _db.CreateTransaction(); var set = tran.StringSetAsync(key, json, ttl); if (await tran.ExecuteAsync()) { await set; }")]
    [InlineData("var batch = _db.CreateBatch(); _ = batch.KeyDeleteAsync(key); if (ttl > TimeSpan.Zero) { batch.Execute(); }")]
    // Nothing queued.
    [InlineData("var batch = _db.CreateBatch(); Console.WriteLine(batch);")]
    [InlineData("var tran = _db.CreateTransaction(); tran.AddCondition(Condition.KeyExists(key));")]
    // It escapes: passed, stored, captured, returned elsewhere, reassigned.
    [InlineData("var batch = _db.CreateBatch(); _ = batch.KeyDeleteAsync(key); Run(batch);")]
    [InlineData("var batch = _db.CreateBatch(); _ = batch.KeyDeleteAsync(key); _pending = batch;")]
    [InlineData("var batch = _db.CreateBatch(); _ = batch.KeyDeleteAsync(key); Action run = () => batch.Execute(); run();")]
    [InlineData("var batch = _db.CreateBatch(); _ = batch.KeyDeleteAsync(key); batch = Make(_db); batch.Execute();")]
    [InlineData("var batch = Make(_db); _ = batch.KeyDeleteAsync(key);")]
    public Task ExecutedOrEscaping_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));
}
