using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS019: admin commands enabled in application code.</summary>
public sealed class AllowAdminTests
{
    private const string Code = """
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public static class Redis
        {
            private const string Admin = "cache:6379,allowAdmin=true,abortConnect=false";

            public static async Task<IConnectionMultiplexer> ConnectAsync(string fromSettings, bool isAdminTool)
            {
                BODY
                await Task.Yield();
                return ConnectionMultiplexer.Connect(fromSettings);
            }
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task AllowAdminInAConnectionString_ReportsRedis019AtTheString() => Verifier.AnalyzerAsync(
        With("var redis = ConnectionMultiplexer.Connect(\"cache:6379,allowAdmin=true,abortConnect=false\");"),
        Verifier.Diagnostic("REDIS019").WithSpan(12, 51, 12, 98).WithArguments("This connection string"));

    [Theory]
    [InlineData("var redis = await ConnectionMultiplexer.ConnectAsync({|REDIS019:Admin|});")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS019:\"cache:6379, AllowAdmin = TRUE ,abortConnect=false\"|});")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS019:\"cache:6379,allowAdmin=false,allowAdmin=true,abortConnect=false\"|});")]
    [InlineData("var options = new ConfigurationOptions { EndPoints = { \"cache:6379\" }, AllowAdmin = {|REDIS019:true|}, AbortOnConnectFail = false };")]
    [InlineData("var options = new ConfigurationOptions(); options.AllowAdmin = {|REDIS019:true|};")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(fromSettings, o => o.AllowAdmin = {|REDIS019:true|});")]
    public Task AdminEnabled_ReportsRedis019(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,allowAdmin=false,abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,allowAdmin=true,allowAdmin=false,abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(fromSettings);")]
    [InlineData("var options = new ConfigurationOptions { AllowAdmin = false, AbortOnConnectFail = false };")]
    [InlineData("var options = new ConfigurationOptions { AllowAdmin = isAdminTool, AbortOnConnectFail = false };")]
    [InlineData("var text = \"allowAdmin=true\"; var ok = text.Length > 0;")]
    public Task AdminOffOrUnknown_IsQuiet(string body) => Verifier.AnalyzerAsync(With(body));

    [Fact]
    public Task TestProject_IsQuiet() => Verifier.AnalyzerWithOptionsAsync(
        With("var redis = ConnectionMultiplexer.Connect(Admin); var options = new ConfigurationOptions { AllowAdmin = true, AbortOnConnectFail = false };"),
        [],
        ["IsTestProject=true"]);
}
