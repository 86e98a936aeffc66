using System.Threading;
using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS005: a ConnectionMultiplexer created and disposed per call or per loop iteration.</summary>
public sealed class MultiplexerLifetimeTests
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public sealed class UserCache
        {
            private static readonly string Configuration = Environment.GetEnvironmentVariable("REDIS") ?? "localhost";

            private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Configuration));

            private IConnectionMultiplexer? current;

            public static IConnectionMultiplexer SharedConnection => Shared.Value;

            public async Task<string?> GetAsync(string key, string[] keys)
            {
                BODY
                await Task.Yield();
                return current is null ? null : (string?)current.GetDatabase().StringGet(key);
            }
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task UsingDeclaration_ReportsRedis005AtTheCall() => Verifier.AnalyzerAsync(
        With("using var redis = ConnectionMultiplexer.Connect(Configuration);"),
        Verifier.Diagnostic("REDIS005").WithSpan(20, 27, 20, 71).WithArguments("ConnectionMultiplexer.Connect", "when 'GetAsync' returns"));

    [Fact]
    public Task InALoop_ReportsEveryIteration() => Verifier.AnalyzerAsync(
        With("foreach (var k in keys) { using var redis = ConnectionMultiplexer.Connect(Configuration); redis.GetDatabase().KeyDelete(k); }"),
        Verifier.Diagnostic("REDIS005").WithSpan(20, 53, 20, 97).WithArguments("ConnectionMultiplexer.Connect", "on every iteration of the loop"));

    [Fact]
    public Task InALambda_ReportsWhenTheLambdaReturns() => Verifier.AnalyzerAsync(
        With("Func<string, Task<bool>> handler = async k => { await using var redis = await ConnectionMultiplexer.ConnectAsync(Configuration); return await redis.GetDatabase().KeyExistsAsync(k); };"),
        Verifier.Diagnostic("REDIS005").WithSpan(20, 87, 20, 136).WithArguments("ConnectionMultiplexer.ConnectAsync", "when this lambda returns"));

    [Theory]
    [InlineData("await using var redis = await {|REDIS005:ConnectionMultiplexer.ConnectAsync(Configuration)|};")]
    [InlineData("await using var redis = await {|REDIS005:ConnectionMultiplexer.ConnectAsync(Configuration)|}.ConfigureAwait(false);")]
    [InlineData("using (var redis = {|REDIS005:ConnectionMultiplexer.Connect(Configuration)|}) { await redis.GetDatabase().PingAsync(); }")]
    [InlineData("using ({|REDIS005:ConnectionMultiplexer.Connect(Configuration)|}) { }")]
    [InlineData("using IConnectionMultiplexer redis = {|REDIS005:ConnectionMultiplexer.Connect(Configuration, o => o.ConnectRetry = 5)|};")]
    [InlineData("var redis = {|REDIS005:ConnectionMultiplexer.Connect(Configuration)|}; try { await redis.GetDatabase().PingAsync(); } finally { redis.Dispose(); }")]
    [InlineData("ConnectionMultiplexer? redis = null; try { redis = await {|REDIS005:ConnectionMultiplexer.ConnectAsync(Configuration)|}; } finally { redis?.Dispose(); }")]
    [InlineData("var redis = {|REDIS005:ConnectionMultiplexer.Connect(Configuration)|}; using (redis) { await redis.GetDatabase().PingAsync(); }")]
    [InlineData("var redis = await {|REDIS005:ConnectionMultiplexer.ConnectAsync(Configuration)|}; var db = redis.GetDatabase(); await db.PingAsync(); await redis.CloseAsync();")]
    [InlineData("var redis = {|REDIS005:ConnectionMultiplexer.Connect(Configuration)|}; new List<IDatabase> { redis.GetDatabase() }.Clear(); await redis.DisposeAsync();")]
    [InlineData("for (var i = 0; i < keys.Length; i++) { await using var redis = await {|REDIS005:ConnectionMultiplexer.ConnectAsync(Configuration)|}; }")]
    [InlineData("while (current is null) { using (var redis = {|REDIS005:ConnectionMultiplexer.Connect(Configuration)|}) { } }")]
    [InlineData("async Task<bool> ExistsAsync(string k) { await using var redis = await {|REDIS005:ConnectionMultiplexer.ConnectAsync(Configuration)|}; return await redis.GetDatabase().KeyExistsAsync(k); } await ExistsAsync(key);")]
    public Task CreatedAndDisposedPerCall_ReportsRedis005(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task StaticHelperThatConnectsPerCall_ReportsRedis005() => Verifier.AnalyzerAsync("""
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public static class RedisHelper
        {
            public static string? Get(string configuration, string key)
            {
                using var redis = {|REDIS005:ConnectionMultiplexer.Connect(configuration)|};
                return redis.GetDatabase().StringGet(key);
            }
        }
        """);

    [Fact]
    public Task InAConstructor_NamesTheType() => Verifier.AnalyzerAsync(
        """
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public sealed class Probe
        {
            public Probe(string configuration)
            {
                using var redis = ConnectionMultiplexer.Connect(configuration);
                IsUp = redis.IsConnected;
            }

            public bool IsUp { get; }
        }
        """,
        Verifier.Diagnostic("REDIS005").WithSpan(9, 27, 9, 71).WithArguments("ConnectionMultiplexer.Connect", "when the constructor of 'Probe' returns"));

    [Theory]
    [InlineData("current = ConnectionMultiplexer.Connect(Configuration);")]
    [InlineData("current ??= await ConnectionMultiplexer.ConnectAsync(Configuration);")]
    [InlineData("current = SharedConnection;")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(Configuration); current = redis;")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(Configuration); try { await redis.GetDatabase().PingAsync(); } catch (RedisConnectionException) { redis.Dispose(); throw; } current = redis;")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(Configuration); AppDomain.CurrentDomain.ProcessExit += (_, _) => redis.Dispose(); await redis.GetDatabase().PingAsync();")]
    [InlineData("for (var attempt = 0; attempt < 3 && current is null; attempt++) { try { current = await ConnectionMultiplexer.ConnectAsync(Configuration); } catch (RedisConnectionException) { await Task.Delay(100); } }")]
    [InlineData("var pool = new List<IConnectionMultiplexer>(); foreach (var k in keys) { pool.Add(ConnectionMultiplexer.Connect(Configuration)); } current = pool[0];")]
    [InlineData("Func<IServiceProvider, IConnectionMultiplexer> factory = _ => ConnectionMultiplexer.Connect(Configuration); current = factory(null!);")]
    [InlineData("using var options = new System.IO.StringWriter(); current = await ConnectionMultiplexer.ConnectAsync(Configuration, options);")]
    [InlineData("using var redis = {|REDIS008:ConnectionMultiplexer.ConnectAsync(Configuration).Result|};")]
    public Task LongLivedOrUnknownLifetime_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task Factories_AreQuiet() => Verifier.AnalyzerAsync("""
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public static class RedisFactory
        {
            public static IConnectionMultiplexer Create(string configuration) => ConnectionMultiplexer.Connect(configuration);

            public static async Task<IConnectionMultiplexer> CreateAsync(string configuration)
            {
                var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
                redis.ConnectionFailed += (_, e) => System.Console.Error.WriteLine(e.FailureType);
                return redis;
            }

            public static IConnectionMultiplexer CreateChecked(string configuration)
            {
                var redis = ConnectionMultiplexer.Connect(configuration);
                if (!redis.IsConnected)
                {
                    redis.Dispose();
                    throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "not connected");
                }

                return redis;
            }
        }
        """);

    [Fact]
    public Task ProgramMain_IsQuietUnlessInALoop() => Verifier.AnalyzerAsync("""
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public static class Program
        {
            public static async Task Main(string[] args)
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
                await RunAsync();
                foreach (var arg in args)
                {
                    using var perArgument = {|REDIS005:ConnectionMultiplexer.Connect(arg)|};
                }

                async Task RunAsync()
                {
                    using var alsoOnce = ConnectionMultiplexer.Connect(args[0]);
                    await alsoOnce.GetDatabase().PingAsync();
                }
            }
        }
        """);

    [Fact]
    public async Task TopLevelStatements_AreQuiet_ButTheirLambdasAreNot()
    {
        var test = new Verifier.AnalyzerTest();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add("""
            using System;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
            await using var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
            Func<string, Task<bool>> handle = async key =>
            {
                using var perRequest = {|REDIS005:ConnectionMultiplexer.Connect(args[0])|};
                return await perRequest.GetDatabase().KeyExistsAsync(key);
            };
            Console.WriteLine(await handle("user:1"));
            """);
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task BackgroundServiceExecuteAsync_IsQuiet() => Verifier.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace Microsoft.Extensions.Hosting
        {
            public abstract class BackgroundService
            {
                protected abstract Task ExecuteAsync(CancellationToken stoppingToken);
            }
        }

        namespace App
        {
            public sealed class Worker(string configuration) : Microsoft.Extensions.Hosting.BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await redis.GetDatabase().PingAsync();
                        using var perTick = {|REDIS005:ConnectionMultiplexer.Connect(configuration)|};
                    }
                }
            }

            public sealed class NotAWorker(string configuration)
            {
                public async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await using var redis = await {|REDIS005:ConnectionMultiplexer.ConnectAsync(configuration)|};
                    await redis.GetDatabase().PingAsync();
                }
            }
        }
        """);

    [Fact]
    public Task LookAlikeConnect_IsQuiet() => Verifier.AnalyzerAsync("""
        namespace App;

        public sealed class ConnectionMultiplexer : System.IDisposable
        {
            public static ConnectionMultiplexer Connect(string configuration) => new();

            public void Dispose()
            {
            }
        }

        public static class Use
        {
            public static void Run(string configuration)
            {
                using var connection = ConnectionMultiplexer.Connect(configuration);
            }
        }
        """);

    [Fact]
    public Task TestProject_IsQuiet() => Verifier.AnalyzerWithOptionsAsync(
        With("using var redis = ConnectionMultiplexer.Connect(Configuration); foreach (var k in keys) { await using var other = await ConnectionMultiplexer.ConnectAsync(Configuration); }"),
        [],
        ["IsTestProject=true"]);
}
