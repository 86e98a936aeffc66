using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// A key hashed for its length keeps its hash tag's cluster slot even when a hole sits inside the tag, and a tag too
/// long to keep gets one stand-in in every key, short or long, so a tag's keys never split over two slots. Found by
/// the key-injection properties (tests/Caching.Resilience.Tests/KeyInjection).
/// </summary>
public sealed class CacheKeyHashTagTests
{
    [Fact]
    public void LongKey_WithTheHoleInsideTheTag_KeepsTheTag_AndNoOpenBraceBeforeIt()
    {
        // The text before the hole is "shop:{tenant:": kept as it is, its '{' would open a tag running to the end.
        var key = Keys.Around("shop:{tenant:", "acme", "}:doc:" + new string('a', 600));

        Assert.Matches("^shop:#h[0-9a-f]{32}\\{tenant:acme\\}$", key);
    }

    [Fact]
    public void TagOver128Chars_IsAStandIn_InShortAndLongKeysAlike()
    {
        var tenant = new string('t', 130);
        var standIn = "{#h" + XxHash128.HashToUInt128(Encoding.UTF8.GetBytes("tenant:" + tenant)).ToString("x32", CultureInfo.InvariantCulture) + "}";

        var shortKey = Keys.Around("shop:{tenant:", tenant, "}:doc:1");
        var longKey = Keys.Around("shop:{tenant:", tenant, "}:doc:" + new string('a', 600));

        Assert.Matches("^shop:#h[0-9a-f]{32}\\{#h[0-9a-f]{32}\\}$", shortKey);
        Assert.EndsWith(standIn, shortKey);
        Assert.EndsWith(standIn, longKey);
        Assert.NotEqual(shortKey, longKey);
    }

    [Fact]
    public void TagOf128Chars_IsKeptAsItIs()
    {
        var tenant = new string('t', 121);
        var key = Keys.Around("shop:{tenant:", tenant, "}:doc:1");

        Assert.Equal("shop:{tenant:" + tenant + "}:doc:1", key);
    }
}
