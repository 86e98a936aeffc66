using System.Threading.Tasks;
using Caching.Analyzers.CodeFixes;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS006: abortConnect left true, and its fix.</summary>
public sealed class AbortConnectTests
{
    private const string Code = """
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public static class Redis
        {
            private const string Configured = "cache:6379,ssl=true";

            public static async Task Main(string[] args)
            {
                BODY
                await Task.Yield();
                using var shared = ConnectionMultiplexer.Connect(args[0]);
            }
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task ConnectLiteral_ReportsRedis006AtTheString() => Verifier.AnalyzerAsync(
        With("using var mux = ConnectionMultiplexer.Connect(\"localhost:6379\");"),
        Verifier.Diagnostic("REDIS006").WithSpan(12, 55, 12, 71).WithArguments("This connection string"));

    [Theory]
    [InlineData("using var mux = await ConnectionMultiplexer.ConnectAsync({|REDIS014:{|REDIS006:\"localhost:6379,password=secret\"|}|});")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS006:\"localhost\"|});")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS006:\"localhost,abortConnect=true\"|}, true);")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS006:\"localhost,abortConnect=false,abortConnect=true\"|});")]
    [InlineData("using var mux = ConnectionMultiplexer.Connect({|REDIS006:Configured|});")]
    [InlineData("using var mux = ConnectionMultiplexer.Connect({|REDIS006:\"localhost\"|}, o => o.ConnectRetry = 5);")]
    [InlineData("var options = new ConfigurationOptions { AbortOnConnectFail = {|REDIS006:true|} };")]
    [InlineData("var options = new ConfigurationOptions(); options.AbortOnConnectFail = {|REDIS006:true|};")]
    public Task AbortConnectTrue_ReportsRedis006(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("using var mux = ConnectionMultiplexer.Connect(\"localhost:6379,abortConnect=false\");")]
    [InlineData("using var mux = ConnectionMultiplexer.Connect(\"localhost:6379, AbortConnect = FALSE ,ssl=true\");")]
    [InlineData("var options = ConfigurationOptions.Parse(\"abortconnect=false,localhost\");")]
    [InlineData("using var mux = ConnectionMultiplexer.Connect(args[0]);")]
    [InlineData("using var mux = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { \"localhost\" }, AbortOnConnectFail = false });")]
    [InlineData("var options = new ConfigurationOptions(); options.AbortOnConnectFail = args.Length > 0;")]
    [InlineData("var text = string.Concat(\"localhost\", \",ssl=true\"); var ok = text.Contains(\"abortConnect\");")]
    public Task AbortConnectFalseOrUnknown_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("ConnectionMultiplexer.Connect({|REDIS006:\"localhost:6379\"|})", "ConnectionMultiplexer.Connect(\"localhost:6379,abortConnect=false\")")]
    [InlineData("ConnectionMultiplexer.Connect({|REDIS006:\"localhost:6379,\"|})", "ConnectionMultiplexer.Connect(\"localhost:6379,abortConnect=false\")")]
    [InlineData("ConnectionMultiplexer.Connect({|REDIS006:\"\"|})", "ConnectionMultiplexer.Connect(\"abortConnect=false\")")]
    [InlineData("ConnectionMultiplexer.Connect(ConfigurationOptions.Parse({|REDIS006:@\"localhost\"|}))", "ConnectionMultiplexer.Connect(ConfigurationOptions.Parse(\"localhost,abortConnect=false\"))")]
    [InlineData("ConnectionMultiplexer.Connect(new ConfigurationOptions { AbortOnConnectFail = {|REDIS006:true|} })", "ConnectionMultiplexer.Connect(new ConfigurationOptions { AbortOnConnectFail = false })")]
    public Task Fix_SetsAbortConnectFalse(string before, string after) => Verifier.CodeFixAsync<AbortConnectCodeFixProvider>(
        With("using var mux = " + before + ";"),
        With("using var mux = " + after + ";"));

    [Fact]
    public Task Fix_LeavesANamedConstantAlone() => Verifier.CodeFixAsync<AbortConnectCodeFixProvider>(
        With("using var mux = ConnectionMultiplexer.Connect({|REDIS006:Configured|});"),
        With("using var mux = ConnectionMultiplexer.Connect({|REDIS006:Configured|});"));

    [Fact]
    public Task FixAll_FixesEveryLiteral() => Verifier.FixAllAsync<AbortConnectCodeFixProvider>(
        With("""
            using var first = ConnectionMultiplexer.Connect({|REDIS006:"primary:6379"|});
                    using var second = await ConnectionMultiplexer.ConnectAsync({|REDIS006:"replica:6379,ssl=true"|});
                    var options = ConfigurationOptions.Parse({|REDIS006:"backup"|});
                    options.AbortOnConnectFail = {|REDIS006:true|};
            """),
        With("""
            using var first = ConnectionMultiplexer.Connect("primary:6379,abortConnect=false");
                    using var second = await ConnectionMultiplexer.ConnectAsync("replica:6379,ssl=true,abortConnect=false");
                    var options = ConfigurationOptions.Parse("backup,abortConnect=false");
                    options.AbortOnConnectFail = false;
            """));
}
