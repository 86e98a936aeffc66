using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Caching.Analyzers.Redis;
using Caching.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
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

    [Theory]
    // From 3.1.31 StackExchange.Redis reports an awaited queued command itself (SER305, Error): this rule leaves it.
    [InlineData("3.4.35+0123abcd", "await batch.KeyDeleteAsync(\"k\");", 0)]
    [InlineData("3.4.35+0123abcd", "await batch.KeyDeleteAsync(\"k\").ConfigureAwait(false);", 0)]
    [InlineData("3.4.35+0123abcd", "_ = batch.KeyDeleteAsync(\"k\");", 1)]
    [InlineData("3.1.30", "await batch.KeyDeleteAsync(\"k\");", 1)]
    [InlineData("2.13.23+0123abcd", "await batch.KeyDeleteAsync(\"k\");", 1)]
    public async Task AwaitedQueuedCommand_IsLeftToSer305WhenTheReferenceHasIt(string informationalVersion, string queue, int expected)
    {
        // A stand-in StackExchange.Redis whose only point is its informational version.
        var redis = Compile("StackExchange.Redis", $$"""
            [assembly: System.Reflection.AssemblyInformationalVersion("{{informationalVersion}}")]
            namespace StackExchange.Redis
            {
                public enum CommandFlags { None = 0, FireAndForget = 2 }
                public interface IServer { }
                public interface IDatabaseAsync { System.Threading.Tasks.Task<bool> KeyDeleteAsync(string key, CommandFlags flags = CommandFlags.None); }
                public interface IBatch : IDatabaseAsync { void Execute(); }
                public interface IDatabase : IDatabaseAsync { IBatch CreateBatch(object? asyncState = null); }
            }
            """).ToMetadataReference();
        var app = Compile("App", $$"""
            using StackExchange.Redis;
            public static class Warmer
            {
                public static async System.Threading.Tasks.Task WarmAsync(IDatabase db)
                {
                    var batch = db.CreateBatch();
                    {{queue}}
                    await System.Threading.Tasks.Task.Yield();
                }
            }
            """, redis);
        Assert.Empty(app.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        var diagnostics = await app.WithAnalyzers([new BatchNotExecutedAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(expected, diagnostics.Count(d => d.Id == "REDIS016"));
    }

    private static CSharpCompilation Compile(string name, string source, params MetadataReference[] references)
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12))],
            framework.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
