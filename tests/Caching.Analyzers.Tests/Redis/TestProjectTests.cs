using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>
/// REDIS001 and REDIS006 are quiet in a test project (MSBuild <c>IsTestProject</c> true, as Microsoft.NET.Test.Sdk
/// sets it): tests list the keyspace of a server they started, and want a missing server to fail at once.
/// </summary>
public sealed class TestProjectTests
{
    private const string Code = """
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App.Tests;

        public sealed class CacheTests
        {
            public async Task<int> KeysAreWrittenAsync()
            {
                var redis = await ConnectionMultiplexer.ConnectAsync("localhost:6379");
                var options = ConfigurationOptions.Parse("localhost:6379");
                options.AbortOnConnectFail = true;
                var server = redis.GetServer(redis.GetEndPoints()[0]);
                var count = 0;
                foreach (var key in server.Keys(pattern: "test:*"))
                {
                    count++;
                }

                await foreach (var key in server.KeysAsync(pattern: "test:*"))
                {
                    count++;
                }

                await redis.GetDatabase().ExecuteAsync("KEYS", "test:*");
                return count;
            }
        }
        """;

    [Theory]
    [InlineData("IsTestProject=true")]
    [InlineData("IsTestProject = True ")]
    public Task InATestProject_Redis001AndRedis006AreQuiet(string property) => Verifier.AnalyzerWithOptionsAsync(Code, [], [property]);

    [Theory]
    [InlineData("")]
    [InlineData("IsTestProject=false")]
    [InlineData("IsTestProject=")]
    public Task OutsideATestProject_Redis001AndRedis006AreReported(string property) => Verifier.AnalyzerWithOptionsAsync(
        Code,
        [],
        property.Length == 0 ? [] : [property],
        Verifier.Diagnostic("REDIS006").WithSpan(10, 62, 10, 78),
        Verifier.Diagnostic("REDIS006").WithSpan(11, 50, 11, 66),
        Verifier.Diagnostic("REDIS006").WithSpan(12, 38, 12, 42),
        Verifier.Diagnostic("REDIS001").WithSpan(15, 29, 15, 59),
        Verifier.Diagnostic("REDIS001").WithSpan(20, 35, 20, 70),
        Verifier.Diagnostic("REDIS001").WithSpan(25, 48, 25, 54));
}
