using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS020: a blocking server command sent through Execute with a constant name.</summary>
public sealed class BlockingCommandTests
{
    private const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public sealed class Worker(IConnectionMultiplexer redis)
        {
            private readonly IDatabase _db = redis.GetDatabase();

            private IServer Server => redis.GetServer("localhost", 6379);

            public async Task RunAsync(string key, string command, int timeout, object[] args)
            {
                BODY
                await Task.Yield();
            }
        }

        public sealed class FakeDb
        {
            public object? Execute(string command, params object[] args) => null;
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task Blpop_ReportsRedis020AtTheCommandName() => Verifier.AnalyzerAsync(
        With("await _db.ExecuteAsync(\"BLPOP\", key, 0);"),
        Verifier.Diagnostic("REDIS020").WithSpan(16, 32, 16, 39).WithArguments("BLPOP"));

    [Theory]
    [InlineData("_db.Execute({|REDIS020:\"brpop\"|}, key, 5);")]
    [InlineData("_db.Execute({|REDIS020:\"BLMOVE\"|}, key, \"done\", \"LEFT\", \"RIGHT\", 1);")]
    [InlineData("_db.Execute({|REDIS020:\"BRPOPLPUSH\"|}, key, \"done\", 0);")]
    [InlineData("_db.Execute({|REDIS020:\"BZPOPMIN\"|}, new object[] { key, 0 });")]
    [InlineData("_db.Execute({|REDIS020:\"BZPOPMAX\"|}, key, 0);")]
    [InlineData("_db.Execute({|REDIS020:\"BLMPOP\"|}, 0, 1, key, \"LEFT\");")]
    [InlineData("_db.Execute({|REDIS020:\"BZMPOP\"|}, 0, 1, key, \"MIN\");")]
    [InlineData("await _db.ExecuteAsync({|REDIS020:\"XREAD\"|}, \"BLOCK\", 0, \"STREAMS\", key, \"$\");")]
    [InlineData("await _db.ExecuteAsync({|REDIS020:\"xreadgroup\"|}, \"GROUP\", \"g\", \"c\", \"block\", 1000, \"STREAMS\", key, \">\");")]
    [InlineData("_db.Execute({|REDIS020:\"WAIT\"|}, 1, 0);")]
    [InlineData("await Server.ExecuteAsync({|REDIS020:\"WAIT\"|}, 1, \"0\");")]
    [InlineData("await Server.ExecuteAsync({|REDIS020:\"BLPOP\"|}, new List<object> { key, 0 }, CommandFlags.None);")]
    public Task BlockingCommand_ReportsRedis020(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("_db.Execute(\"LPOP\", key);")]
    [InlineData("_db.Execute(\"XREAD\", \"COUNT\", 10, \"STREAMS\", key, \"0\");")]
    [InlineData("_db.Execute(\"WAIT\", 1, 100);")]
    // Not known from the code.
    [InlineData("_db.Execute(\"WAIT\", 1, timeout);")]
    [InlineData("_db.Execute(command, key, 0);")]
    [InlineData("_db.Execute(\"XREAD\", args);")]
    [InlineData("new FakeDb().Execute(\"BLPOP\", key, 0);")]
    public Task NonBlockingOrUnknown_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));
}
