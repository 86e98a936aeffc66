using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS002: FLUSHDB or FLUSHALL from application code.</summary>
public sealed class FlushTests
{
    private const string Code = """
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public sealed class Reset(IConnectionMultiplexer redis)
        {
            private readonly IDatabase db = redis.GetDatabase();

            private IServer Server => redis.GetServer(redis.GetEndPoints()[0]);

            public async Task RunAsync(string command)
            {
                BODY
                await Task.Yield();
            }
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task FlushDatabase_ReportsRedis002AtTheCall() => Verifier.AnalyzerAsync(
        With("Server.FlushDatabase();"),
        Verifier.Diagnostic("REDIS002").WithSpan(14, 9, 14, 31).WithArguments("IServer.FlushDatabase"));

    [Theory]
    [InlineData("await {|REDIS002:Server.FlushDatabaseAsync(database: 2)|};")]
    [InlineData("{|REDIS002:Server.FlushAllDatabases()|};")]
    [InlineData("await {|REDIS002:Server.FlushAllDatabasesAsync(CommandFlags.FireAndForget)|};")]
    [InlineData("db.Execute({|REDIS002:\"FLUSHDB\"|});")]
    [InlineData("await db.ExecuteAsync({|REDIS002:\"flushall\"|}, \"ASYNC\");")]
    [InlineData("await Server.ExecuteAsync({|REDIS002:\"FlushAll\"|});")]
    public Task Flushes_ReportRedis002(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("db.Execute(\"DEL\", \"user:1\");")]
    [InlineData("db.Execute(command);")]
    [InlineData("await db.KeyDeleteAsync(\"FLUSHALL\");")]
    [InlineData("await Server.SaveAsync(SaveType.BackgroundSave);")]
    public Task LookAlikes_AreQuiet(string body) => Verifier.AnalyzerAsync(With(body));
}
