using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS014: a Redis password in the source code.</summary>
public sealed class HardCodedPasswordTests
{
    private const string Code = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        #pragma warning disable REDIS007 // sync commands in this async template are REDIS007's case, tested in SyncRedisCallInAsyncTests
        namespace App;

        public static class Redis
        {
            private const string WithPassword = "cache:6379,password=s3cret,abortConnect=false";

            public static async Task<IConnectionMultiplexer> ConnectAsync(string fromSettings, string secret)
            {
                BODY
                await Task.Yield();
                return ConnectionMultiplexer.Connect(fromSettings);
            }
        }
        """;

    private static string With(string body) => Code.Replace("BODY", body);

    [Fact]
    public Task PasswordInAConnectionString_ReportsRedis014AtTheString_WithoutQuotingIt() => Verifier.AnalyzerAsync(
        With("var redis = await ConnectionMultiplexer.ConnectAsync(\"cache:6379,password=s3cret,abortConnect=false\");"),
        Verifier.Diagnostic("REDIS014").WithSpan(13, 62, 13, 109).WithArguments("This connection string"));

    [Theory]
    [InlineData("var redis = ConnectionMultiplexer.Connect({|REDIS014:WithPassword|});")]
    [InlineData("var redis = ConnectionMultiplexer.Connect({|REDIS014:\"cache:6379, Password = s3cret ,abortConnect=false\"|}, o => o.Ssl = true);")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS014:\"cache:6379,user=app,password=s3cret,abortConnect=false\"|});")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS014:\"cache:6379,PASSWORD=s3cret,abortConnect=false\"|}, ignoreUnknown: true);")]
    [InlineData("var options = ConfigurationOptions.Parse({|REDIS014:\"cache:6379,password=,password=s3cret,abortConnect=false\"|});")]
    [InlineData("var redis = ConnectionMultiplexer.SentinelConnect({|REDIS014:\"sentinel:26379,serviceName=main,password=s3cret\"|});")]
    [InlineData("var options = new ConfigurationOptions { EndPoints = { \"cache:6379\" }, User = \"app\", Password = {|REDIS014:\"s3cret\"|}, AbortOnConnectFail = false };")]
    [InlineData("var options = new ConfigurationOptions(); options.Password = {|REDIS014:\"s3cret\"|};")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(fromSettings, o => o.Password = {|REDIS014:\"s3cret\"|});")]
    public Task HardCodedPassword_ReportsRedis014(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,password=,abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,password=s3cret,password=,abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,user=app,abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(fromSettings);")]
    [InlineData("var redis = ConnectionMultiplexer.Connect($\"cache:6379,password={secret},abortConnect=false\");")]
    [InlineData("var redis = ConnectionMultiplexer.Connect(\"cache:6379,abortConnect=false,password=\" + secret);")]
    [InlineData("var options = new ConfigurationOptions { User = \"app\", Password = Environment.GetEnvironmentVariable(\"REDIS_PASSWORD\"), AbortOnConnectFail = false };")]
    [InlineData("var options = new ConfigurationOptions { Password = secret, AbortOnConnectFail = false }; options.Password = \"\"; options.Password = null;")]
    [InlineData("var login = new Login { Password = \"not redis\" };")]
    public Task NoPasswordOrNotConstant_IsQuiet(string body) => Verifier.AnalyzerAsync(
        With(body) + """

            public sealed class Login
            {
                public string? Password { get; set; }
            }
            """);

    [Fact]
    public Task TestProject_IsQuiet() => Verifier.AnalyzerWithOptionsAsync(
        With("var redis = ConnectionMultiplexer.Connect(WithPassword); var options = new ConfigurationOptions { Password = \"s3cret\", AbortOnConnectFail = false };"),
        [],
        ["IsTestProject=true"]);
}
