using System;
using System.Globalization;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Xunit;

namespace Caching.Runtime.Tests;

public sealed class CacheKeyBuilderTests
{
    [Fact]
    public void Literals_AreKeptVerbatim()
    {
        // Literals come from the developer's template, so even glob and hash-tag characters stay as written.
        var builder = new CacheKeyBuilder(stackalloc char[8]);
        builder.AppendLiteral("shop:{tenant}:user:*? [x]\\#%");

        Assert.Equal("shop:{tenant}:user:*? [x]\\#%", builder.ToKey());
    }

    [Theory]
    [InlineData("%", "%25")]
    [InlineData(":", "%3A")]
    [InlineData("{", "%7B")]
    [InlineData("}", "%7D")]
    [InlineData("*", "%2A")]
    [InlineData("?", "%3F")]
    [InlineData("[", "%5B")]
    [InlineData("]", "%5D")]
    [InlineData("\\", "%5C")]
    [InlineData("#", "%23")]
    [InlineData(" ", "%20")]
    [InlineData("\0", "%00")]
    [InlineData("\t", "%09")]
    [InlineData("\r\n", "%0D%0A")]
    [InlineData("\u001F", "%1F")]
    [InlineData("\u007F", "%7F")]
    [InlineData("a:b*c", "a%3Ab%2Ac")]
    public void StringHole_EscapesSeparatorsGlobsBracesAndControlChars(string value, string expected)
        => Assert.Equal("k:" + expected, Keys.Of("k:", value));

    [Theory]
    [InlineData("user-42_a.b/c@d")]
    [InlineData("!\"$&'()+,;<=>^`|~")]
    [InlineData("Zoë")]
    [InlineData("Straße")]
    [InlineData("日本語")]
    [InlineData("Ωμέγα")]
    [InlineData("😀")]
    public void StringHole_KeepsSafeAsciiAndNonAsciiText(string value)
        => Assert.Equal("k:" + value, Keys.Of("k:", value));

    [Fact]
    public void StringHole_EscapesUnpairedSurrogates()
    {
        // Not [InlineData]: attribute strings are stored as UTF-8, which cannot carry a lone surrogate.
        Assert.Equal("k:%uD800", Keys.Of("k:", "\uD800"));
        Assert.Equal("k:%uDFFF", Keys.Of("k:", "\uDFFF"));
        Assert.Equal("k:a%uDC00b", Keys.Of("k:", "a\uDC00b"));
        Assert.Equal("k:%uDE00%uD83D", Keys.Of("k:", "\uDE00\uD83D")); // a pair in the wrong order is two halves
        Assert.Equal("k:x%uD83D", Keys.Of("k:", "x\uD83D")); // a high half at the very end
    }

    [Fact]
    public void NullHole_IsTheNullToken_AndDiffersFromEmpty()
    {
        Assert.Equal("k:%N", Keys.Of("k:", null));
        Assert.Equal("k:", Keys.Of("k:", ""));
        Assert.NotEqual(Keys.Of("k:", "%N"), Keys.Of("k:", null)); // an escaped value cannot spell the token
    }

    [Fact]
    public void NullableHoles_WriteTheNullTokenForNull()
    {
        var builder = new CacheKeyBuilder(stackalloc char[32]);
        builder.AppendNullableFormattable<int>(null, null);
        builder.AppendLiteral("|");
        builder.AppendNullableFormattable<int>(7, "D3");
        builder.AppendLiteral("|");
        builder.AppendNull();

        Assert.Equal("%N|007|%N", builder.ToKey());
    }

    [Fact]
    public void BoolAndCharHoles_AreFormattedAndEscaped()
    {
        var builder = new CacheKeyBuilder(stackalloc char[32]);
        builder.AppendHole(true);
        builder.AppendHole(false);
        builder.AppendHole(':');
        builder.AppendHole('é');

        Assert.Equal("truefalse%3Aé", builder.ToKey());
    }

    [Fact]
    public void Formattable_UsesTheInvariantCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            // Proves the culture really is German here, so the assertions below can fail.
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture));

            Assert.Equal("p:1.5", Keys.Formatted("p:", 1.5, null));
            Assert.Equal("p:1234567.25", Keys.Formatted("p:", 1234567.25m, null));
            Assert.Equal("d:03/05/2024", Keys.Formatted("d:", new DateTime(2024, 3, 5), "d"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Formattable_HonoursTheFormatString()
    {
        Assert.Equal("d:2024-03-05", Keys.Formatted("d:", new DateTime(2024, 3, 5, 6, 7, 8), "yyyy-MM-dd"));
        Assert.Equal("n:00042", Keys.Formatted("n:", 42, "D5"));
        Assert.Equal("g:00112233445566778899aabbccddeeff", Keys.Formatted("g:", Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), "N"));
    }

    [Fact]
    public void Formattable_EscapesWhatTheFormatProduces()
    {
        Assert.Equal("t:2024-03-05T06%3A07%3A08.0000000", Keys.Formatted("t:", new DateTime(2024, 3, 5, 6, 7, 8), "O"));
        Assert.Equal("s:01%3A02%3A03", Keys.Formatted("s:", new TimeSpan(1, 2, 3), null));
    }

    [Fact]
    public void Builder_GrowsPastItsInitialBuffer()
    {
        var builder = new CacheKeyBuilder(stackalloc char[2]);
        builder.AppendLiteral("user:");
        builder.AppendFormattable(Guid.Empty, "D");
        builder.AppendHole(new string('x', 300));

        Assert.Equal("user:" + Guid.Empty.ToString("D") + new string('x', 300), builder.ToKey());
    }

    [Fact]
    public async Task Formattable_IntoAnEmptyBuffer_Terminates()
    {
        // Regression: growing a zero-length buffer by its own length never made room, so TryFormat looped forever.
        var key = Task.Run(static () =>
        {
            var builder = new CacheKeyBuilder(Span<char>.Empty);
            builder.AppendFormattable(123456789, null);
            return builder.ToKey();
        });

        Assert.Equal("123456789", await key.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
