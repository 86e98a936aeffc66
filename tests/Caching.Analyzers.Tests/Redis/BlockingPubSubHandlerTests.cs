using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS017: blocking work in a pub/sub handler.</summary>
public sealed class BlockingPubSubHandlerTests
{
    private const string Code = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Invalidation(IConnectionMultiplexer redis)
        {
            private static readonly RedisChannel Evict = RedisChannel.Literal("evict");
            private readonly IDatabase _db = redis.GetDatabase();
            private readonly ISubscriber _sub = redis.GetSubscriber();

            public async Task StartAsync()
            {
                BODY
                await Task.Yield();
            }

            HANDLER

            private static Task<string> LoadAsync(RedisValue id) => Task.FromResult(id.ToString());
        }

        public static class EventBus
        {
            public static void Subscribe(string topic, Action<string, string> handler) => handler(topic, "");
        }
        """;

    private static string With(string body, string handler = "") => Code.Replace("BODY", body).Replace("HANDLER", handler);

    [Fact]
    public Task SleepInSubscribeHandler_ReportsRedis017AtTheSleep() => Verifier.AnalyzerAsync(
        With("await _sub.SubscribeAsync(Evict, (channel, message) => { Thread.Sleep(100); });"),
        Verifier.Diagnostic("REDIS017").WithSpan(16, 66, 16, 83).WithArguments("Thread.Sleep"));

    [Theory]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => {|REDIS017:_db.KeyDelete(message.ToString())|});")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => { var user = {|REDIS017:LoadAsync(message).Result|}; Console.WriteLine(user); });")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => {|REDIS017:LoadAsync(message).Wait()|});")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => Console.WriteLine({|REDIS017:LoadAsync(message).GetAwaiter().GetResult()|}));")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => {|REDIS017:Task.WaitAll(LoadAsync(message), LoadAsync(channel.ToString()))|});")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => { var get = _db.StringGetAsync(message.ToString()); Console.WriteLine({|REDIS017:get.Result|}); });")]
    [InlineData("var queue = await _sub.SubscribeAsync(Evict); queue.OnMessage(m => {|REDIS017:_db.KeyDelete(m.Message.ToString())|});")]
    [InlineData("var queue = await _sub.SubscribeAsync(Evict); queue.OnMessage(async m => { {|REDIS017:Thread.Sleep(10)|}; await _db.KeyDeleteAsync(m.Message.ToString()); });")]
    [InlineData("_ = _sub.SubscribeAsync(Evict, handler: (channel, message) => { if (message.IsNull) { return; } {|REDIS017:Thread.Sleep(TimeSpan.FromSeconds(1))|}; });")]
    public Task BlockingInHandler_ReportsRedis017(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task MethodGroupHandler_ReportsRedis017AtTheMethodGroup() => Verifier.AnalyzerAsync(
        With(
            "await _sub.SubscribeAsync(Evict, OnEvict);",
            "private void OnEvict(RedisChannel channel, RedisValue message) { Console.WriteLine(channel); _db.KeyDelete(message.ToString()); }"),
        Verifier.Diagnostic("REDIS017").WithSpan(16, 42, 16, 49).WithArguments("IDatabase.KeyDelete' in 'OnEvict"));

    [Theory]
    // Non-blocking handlers: awaiting, not waiting for the reply, work handed to another task.
    [InlineData("var queue = await _sub.SubscribeAsync(Evict); queue.OnMessage(async m => await _db.KeyDeleteAsync(m.Message.ToString()));")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => _ = _db.KeyDeleteAsync(message.ToString()));")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => Task.Run(() => Thread.Sleep(100)));")]
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => Console.WriteLine(message));")]
    // Blocking outside a handler, or in a handler of something else.
    [InlineData("Thread.Sleep(1); await _sub.SubscribeAsync(Evict, (channel, message) => Console.WriteLine(message));")]
    [InlineData("EventBus.Subscribe(\"evict\", (topic, message) => Thread.Sleep(100));")]
    public Task NonBlockingHandler_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    // Reported once, by the rule that owns it: blocking on a Redis call (REDIS008), a sync command in an async handler (REDIS007).
    [InlineData("await _sub.SubscribeAsync(Evict, (channel, message) => {|REDIS008:_db.KeyDeleteAsync(message.ToString()).Wait()|});")]
    [InlineData("var queue = await _sub.SubscribeAsync(Evict); queue.OnMessage(async m => { {|REDIS007:_db.KeyDelete(m.Message.ToString())|}; await Task.Yield(); });")]
    public Task BlockingOwnedByAnotherRule_IsNotReportedTwice(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task MethodGroupDeclaredInAnotherFile_IsNotLookedInto() => Verifier.AnalyzerAsync(new[]
    {
        With("await _sub.SubscribeAsync(Evict, Handlers.OnEvict);"),
        """
        using System.Threading;
        using StackExchange.Redis;

        namespace App;

        public static class Handlers
        {
            public static void OnEvict(RedisChannel channel, RedisValue message) => Thread.Sleep(10);
        }
        """,
    });

    [Fact]
    public Task MethodGroupThatDoesNotBlock_IsQuiet() => Verifier.AnalyzerAsync(With(
        "await _sub.SubscribeAsync(Evict, OnEvict);",
        "private void OnEvict(RedisChannel channel, RedisValue message) => _ = _db.KeyDeleteAsync(message.ToString());"));
}
