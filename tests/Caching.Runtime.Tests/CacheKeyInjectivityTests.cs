using System;
using System.Collections.Generic;
using System.Text;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests;

/// <summary>
/// Escaping must make keys injective: no two different argument tuples may share a key, or one caller would read
/// another's value. Checked on random values built from the characters most likely to break that.
/// </summary>
public sealed class CacheKeyInjectivityTests
{
    // Separators, braces, globs, the escape character itself, escape look-alikes, control chars and non-ASCII text.
    private static readonly string[] Pieces =
    [
        ":", ":", "%", "%3A", "%N", "%u", "N", "3A", "{", "}", "*", "?", "[", "]", "\\", "#", " ", "\0", "\n",
        "\u007F", "a", "é", "日", "😀", "\uD800", "\uDC00", "x:",
    ];

    [Fact]
    public void DistinctPairs_NeverShareAKey()
    {
        var random = new Random(20240605); // fixed, so a failure reproduces
        var owners = new Dictionary<string, (string? A, string? B)>();
        var naive = new HashSet<string>();
        var naiveCollisions = 0;

        for (var i = 0; i < 2000; i++)
        {
            var pair = (A: RandomValue(random), B: RandomValue(random));
            var key = AsRedisSeesIt(Keys.XAB(pair.A, pair.B));
            if (owners.TryGetValue(key, out var owner))
            {
                Assert.True(owner == pair, $"({Show(owner.A)}, {Show(owner.B)}) and ({Show(pair.A)}, {Show(pair.B)}) share the key {Show(Keys.XAB(pair.A, pair.B))}");
            }
            else
            {
                owners.Add(key, pair);
                // Plain concatenation of the same distinct pairs: shows the sample really contains ambiguous pairs.
                naiveCollisions += naive.Add($"x:{pair.A}:{pair.B}") ? 0 : 1;
            }
        }

        Assert.True(owners.Count > 1000, $"only {owners.Count} distinct pairs were tried");
        Assert.True(naiveCollisions > 0, "the sample has no pair that unescaped keys would confuse, so it proves nothing");
    }

    [Theory]
    [InlineData("a:b", "c", "a", "b:c")]
    [InlineData("%3A", "", ":", "")]
    [InlineData("%N", "x", null, "x")]
    [InlineData("", null, null, "")]
    [InlineData("%25", "", "%", "")]
    public void KnownAmbiguousPairs_GetDifferentKeys(string? a1, string? b1, string? a2, string? b2)
        => Assert.NotEqual(Keys.XAB(a1, b1), Keys.XAB(a2, b2));

    // Redis compares keys as UTF-8 bytes, where every lone surrogate becomes the same U+FFFD: compare those bytes.
    private static string AsRedisSeesIt(string key) => Convert.ToHexString(Encoding.UTF8.GetBytes(key));

    private static string? RandomValue(Random random)
    {
        if (random.Next(10) == 0)
        {
            return null;
        }

        var value = new StringBuilder();
        for (var count = random.Next(4); count > 0; count--)
        {
            value.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return value.ToString();
    }

    private static string Show(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = new StringBuilder("\"");
        foreach (var c in value)
        {
            shown.Append(c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return shown.Append('"').ToString();
    }
}
