using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>Keys over 512 UTF-8 bytes are replaced by a readable prefix, a 128-bit hash and the key's hash tag.</summary>
public sealed class CacheKeyHashingTests
{
    private static readonly Regex HashedShape = new("^shop:\\{t42\\}:user:#h[0-9a-f]{32}\\{t42\\}$");

    [Fact]
    public void LongKey_IsThePrefixBeforeTheFirstHole_AHash_AndTheHashTag()
    {
        var key = Keys.Around("shop:{t42}:user:", new string('a', 600), ":profile");

        Assert.Matches(HashedShape, key);
    }

    [Fact]
    public void LongKey_HashIsXxHash128OfTheWholeKey()
    {
        var full = "shop:{t42}:user:" + new string('a', 600) + ":profile";
        var expected = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(full)).ToString("x32", CultureInfo.InvariantCulture);

        Assert.Equal("shop:{t42}:user:#h" + expected + "{t42}", Keys.Around("shop:{t42}:user:", new string('a', 600), ":profile"));
    }

    [Fact]
    public void LongKey_KeepsAHashTagThatFollowsTheHole()
    {
        // The tag decides the cluster slot, so related keys stay together even once hashed.
        var key = Keys.Around("user:", new string('b', 600), ":{eu-west}");

        Assert.Matches("^user:#h[0-9a-f]{32}\\{eu-west\\}$", key);
    }

    [Fact]
    public void LongKey_WithoutATag_HasNone()
        => Assert.Matches("^user:#h[0-9a-f]{32}$", Keys.Around("user:", new string('c', 600), ":x"));

    [Fact]
    public void TheSameLongKey_HashesTheSame()
        => Assert.Equal(Keys.Of("k:", new string('d', 700)), Keys.Of("k:", new string('d', 700)));

    [Fact]
    public void DifferentLongKeys_HashDifferently()
    {
        var one = Keys.Of("k:", new string('e', 700) + "1");
        var two = Keys.Of("k:", new string('e', 700) + "2");

        Assert.StartsWith("k:#h", one);
        Assert.NotEqual(one, two);
    }

    [Fact]
    public void KeyOfExactly512Bytes_IsKept_AndOneMoreIsHashed()
    {
        Assert.Equal("k:" + new string('f', 510), Keys.Of("k:", new string('f', 510)));
        Assert.StartsWith("k:#h", Keys.Of("k:", new string('f', 511)));
    }

    [Fact]
    public void TheLimitCountsUtf8Bytes_NotChars()
    {
        // 255 two-byte chars: 257 chars but 512 bytes, kept. 256 of them: 514 bytes, hashed.
        Assert.Equal("k:" + new string('é', 255), Keys.Of("k:", new string('é', 255)));
        Assert.StartsWith("k:#h", Keys.Of("k:", new string('é', 256)));
        // Escapes count after escaping: 171 spaces become 513 bytes.
        Assert.StartsWith("k:#h", Keys.Of("k:", new string(' ', 171)));
        Assert.Equal("k:" + string.Concat(System.Linq.Enumerable.Repeat("%20", 170)), Keys.Of("k:", new string(' ', 170)));
    }
}
