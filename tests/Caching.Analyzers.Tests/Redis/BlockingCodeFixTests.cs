using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS008's fix: <c>await</c> instead of blocking, only where the code already is async.</summary>
public sealed class BlockingCodeFixTests
{
    private const string Code = """
        using System;
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
        }
        """;

    private static string With(string body, string sync = "") => Code.Replace("BODY", body).Replace("SYNC", sync);

    [Theory]
    [InlineData("string? json = {|REDIS008:_db.StringGetAsync(id).Result|};", "string? json = await _db.StringGetAsync(id);")]
    [InlineData("{|REDIS008:_db.StringSetAsync(id, \"x\", TimeSpan.FromMinutes(5)).Wait()|};", "await _db.StringSetAsync(id, \"x\", TimeSpan.FromMinutes(5));")]
    [InlineData("var gone = {|REDIS008:_db.KeyDeleteAsync(id).GetAwaiter().GetResult()|};", "var gone = await _db.KeyDeleteAsync(id);")]
    [InlineData("var text = {|REDIS008:_db.StringGetAsync(id).Result|}.ToString();", "var text = (await _db.StringGetAsync(id)).ToString();")]
    [InlineData("if ({|REDIS008:_db.KeyExistsAsync(id).Result|}) { return id; }", "if (await _db.KeyExistsAsync(id)) { return id; }")]
    [InlineData("Func<Task> f = async () => { {|REDIS008:_db.KeyDeleteAsync(id).Wait()|}; await Task.Yield(); }; await f();", "Func<Task> f = async () => { await _db.KeyDeleteAsync(id); await Task.Yield(); }; await f();")]
    [InlineData("async Task<bool> Local() { await Task.Yield(); return {|REDIS008:_db.KeyDeleteAsync(id).Result|}; } await Local();", "async Task<bool> Local() { await Task.Yield(); return await _db.KeyDeleteAsync(id); } await Local();")]
    public Task InAsyncFunction_AwaitsTheTask(string before, string after)
        => Verifier.CodeFixAsync<BlockingCodeFixProvider>(With(before), With(after));

    [Theory]
    // Not async: the fix would have to change the method's signature and its callers.
    [InlineData("", "string? json = {|REDIS008:_db.StringGetAsync(id).Result|};")]
    [InlineData("Func<bool> f = () => {|REDIS008:_db.KeyDeleteAsync(id).Result|}; f();", "")]
    // await is not allowed in a lock body; Wait with a timeout returns whether it finished.
    [InlineData("lock (_gate) { {|REDIS008:_db.KeyDeleteAsync(id).Wait()|}; }", "")]
    [InlineData("var done = {|REDIS008:_db.KeyDeleteAsync(id).Wait(TimeSpan.FromSeconds(1))|};", "")]
    public Task WhereAwaitCannotReplaceIt_NoFix(string body, string sync)
        => Verifier.CodeFixAsync<BlockingCodeFixProvider>(With(body, sync), With(body, sync));

    [Fact]
    public Task FixAll_AwaitsEveryBlockingSiteOfTheDocument() => Verifier.FixAllAsync<BlockingCodeFixProvider>(
        With("""
            var json = {|REDIS008:_db.StringGetAsync(id).Result|};
                    {|REDIS008:_db.StringSetAsync(id + ":copy", json, TimeSpan.FromMinutes(5)).Wait()|};
                    var gone = {|REDIS008:_db.KeyDeleteAsync(id).GetAwaiter().GetResult()|};
            """),
        With("""
            var json = await _db.StringGetAsync(id);
                    await _db.StringSetAsync(id + ":copy", json, TimeSpan.FromMinutes(5));
                    var gone = await _db.KeyDeleteAsync(id);
            """));
}
