using System.Threading.Tasks;
using Caching.Analyzers.Tests.Support;
using Xunit;

namespace Caching.Analyzers.Tests.Redis;

/// <summary>REDIS018: a SCAN pattern built from unescaped text, or a page size under 100.</summary>
public sealed class ScanPatternTests
{
    private const string Code = """
        using System.Linq;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        namespace App;

        public sealed class Sessions(IDatabase db, IServer server)
        {
            private static readonly string Prefix = "session:";

            public int Run(string userId, int id, char c, RedisValue field, string pattern, int size)
            {
                var count = 0;
                BODY_SYNC
                return count;
            }

            public async Task<int> RunAsync(string userId, int id, char c, RedisValue field, string pattern, int size)
            {
                var count = 0;
                BODY_ASYNC
                await Task.Yield();
                return count;
            }

            private static string EscapeGlob(string text) => text;
        }
        """;

    // Synchronous calls go in a synchronous method and awaited ones in an async method, as real code has them.
    private static string With(string body) => body.Contains("await ", System.StringComparison.Ordinal)
        ? Code.Replace("BODY_SYNC", "").Replace("BODY_ASYNC", body)
        : Code.Replace("BODY_ASYNC", "").Replace("BODY_SYNC", body);

    [Fact]
    public Task UnescapedHole_ReportsRedis018AtTheHole() => Verifier.AnalyzerAsync(
        With("count += db.SetScan(\"sessions\", $\"user:{{|#0:userId|}}:*\").Count();"),
        Verifier.Diagnostic("REDIS018").WithLocation(0).WithArguments(
            "pattern part",
            "userId",
            "is not escaped, so '*', '?', '[' or '\\' in it match other keys; escape it with a helper whose name contains 'Escape' (prefix each of *?[]\\ with '\\'), or use a constant pattern"));

    [Fact]
    public Task SmallPageSize_ReportsRedis018AtThePageSize() => Verifier.AnalyzerAsync(
        With("count += db.HashScan(\"user:1\", pageSize: {|#0:10|}).Count();"),
        Verifier.Diagnostic("REDIS018").WithLocation(0).WithArguments(
            "page size",
            "10",
            "makes one round trip per 10 keys examined; leave the default (250) or pass at least 100"));

    [Theory]
    [InlineData("count += db.HashScan(\"user:1\", \"field:\" + {|REDIS018:userId|} + \"*\").Count();")]
    [InlineData("count += db.SortedSetScan(\"board\", $\"{{|REDIS018:c|}}*\").Count();")]
    [InlineData("count += db.HashScanNoValues(\"user:1\", $\"{{|REDIS018:field|}}*\").Count();")]
    [InlineData("await foreach (var e in db.SetScanAsync(\"sessions\", pattern: $\"{Prefix}{{|REDIS018:userId|}}\")) { count++; }")]
    [InlineData("count += {|REDIS001:server.Keys(pattern: $\"session:{{|REDIS018:userId|}}:*\")|}.Count();")]
    [InlineData("await foreach (var k in {|REDIS001:server.KeysAsync(pattern: \"session:*\", pageSize: {|REDIS018:50|})|}) { count++; }")]
    [InlineData("count += db.SetScan(\"sessions\", $\"user:{{|REDIS018:userId|}}:*\", {|REDIS018:20|}).Count();")]
    public Task UnescapedPatternsAndSmallPages_ReportRedis018(string body) => Verifier.AnalyzerAsync(With(body));

    [Theory]
    [InlineData("count += db.SetScan(\"sessions\", $\"user:{EscapeGlob(userId)}:*\").Count();")]
    [InlineData("count += db.SetScan(\"sessions\", $\"user:{id}:*\").Count();")]
    [InlineData("count += db.SetScan(\"sessions\", \"user:\" + id + \":*\").Count();")]
    [InlineData("count += db.SetScan(\"sessions\", Prefix + \"*\").Count();")]
    [InlineData("count += db.SetScan(\"sessions\", \"user:*\").Count();")]
    [InlineData("count += db.SetScan(\"sessions\", pattern).Count();")]
    [InlineData("count += db.SetScan(\"sessions\", pattern: pattern, pageSize: 100).Count();")]
    [InlineData("count += db.SetScan(\"sessions\", pageSize: 1000).Count();")]
    [InlineData("count += db.SetScan(\"sessions\", pageSize: size).Count();")]
    [InlineData("count += db.SetScan(\"sessions\").Count();")]
    [InlineData("count += db.StringGet($\"user:{userId}:*\").IsNull ? 0 : 1;")]
    [InlineData("count += new Lookalike().SetScan(\"sessions\", $\"user:{userId}\", 1);")]
    public Task SafePatternsAndLookAlikes_AreQuiet(string body) => Verifier.AnalyzerAsync(
        With(body) + """

            public sealed class Lookalike
            {
                public int SetScan(string key, string pattern, int pageSize) => key.Length + pattern.Length + pageSize;
            }
            """);
}
