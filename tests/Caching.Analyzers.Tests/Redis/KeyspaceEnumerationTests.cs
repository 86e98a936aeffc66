using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS001: KEYS or a full-keyspace walk in application code.</summary>
public sealed class KeyspaceEnumerationTests
{
    private const string Code = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class UserKeys(IConnectionMultiplexer redis)
        {
            private readonly IDatabase db = redis.GetDatabase();

            private IServer Server => redis.GetServer(redis.GetEndPoints()[0]);

            public async Task<int> RunAsync(string command)
            {
                var count = 0;
                BODY
                await Task.Yield();
                return count;
            }
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task ServerKeys_ReportsRedis001AtTheCall() => Verifier.AnalyzerAsync(
        With("foreach (var key in Server.Keys(pattern: \"user:*\")) { count++; }"),
        Verifier.Diagnostic("REDIS001").WithSpan(16, 29, 16, 59).WithArguments("IServer.Keys"));

    [Fact]
    public Task ServerKeysAsync_ReportsRedis001() => Verifier.AnalyzerAsync(
        With("await foreach (var key in {|REDIS001:Server.KeysAsync(database: 0, pattern: \"user:*\", pageSize: 250)|}) { count++; }"));

    [Theory]
    [InlineData("db.Execute({|REDIS001:\"KEYS\"|}, \"user:*\");")]
    [InlineData("db.Execute({|REDIS001:\"keys\"|}, \"*\");")]
    [InlineData("await db.ExecuteAsync({|REDIS001:\"Keys\"|}, \"user:*\");")]
    [InlineData("await Server.ExecuteAsync({|REDIS001:\"KEYS\"|}, \"user:*\");")]
    [InlineData("Server.Execute({|REDIS001:\"KEYS\"|}, new List<object> { \"*\" }, CommandFlags.None);")]
    public Task ExecuteKeys_ReportsRedis001AtTheCommand(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task ExecuteKeysThroughAConstant_ReportsRedis001() => Verifier.AnalyzerAsync(
        With("const string Keys = \"KEYS\"; db.Execute({|REDIS001:Keys|}, \"*\");"));

    [Theory]
    [InlineData("db.Execute(\"GET\", \"user:1\");")]
    [InlineData("await db.ExecuteAsync(\"SCAN\", 0);")]
    [InlineData("db.Execute(command, \"*\");")]
    [InlineData("await Server.ExecuteAsync(command);")]
    [InlineData("await db.StringGetAsync(\"KEYS\");")]
    [InlineData("count += new Catalog().Keys(\"user:*\").Count;")]
    [InlineData("count += new Dictionary<string, int>().Keys.Count;")]
    public Task LookAlikes_AreQuiet(string body) => Verifier.AnalyzerAsync(
        With(body) + """

            public sealed class Catalog
            {
                public List<string> Keys(string pattern) => new() { pattern };
            }
            """);

    [Fact]
    public Task WithoutStackExchangeRedis_IsQuiet() => Verifier.AnalyzerAsync("""
        namespace StackExchange.Redis.Lookalike;

        public interface IServer
        {
            string[] Keys(string pattern);
        }

        public static class Use
        {
            public static int Count(IServer server) => server.Keys("*").Length;
        }
        """);
}
