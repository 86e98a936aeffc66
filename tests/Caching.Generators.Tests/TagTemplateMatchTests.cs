using Caching.Generators.Shared;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>The manifest's rule for "this invalidated tag can name that attached tag": literals equal, holes lined up with a hole or with literal text.</summary>
public sealed class TagTemplateMatchTests
{
    [Theory]
    [InlineData("users", "users", true)]
    [InlineData("users", "user", false)]
    [InlineData("user", "users", false)]
    [InlineData("users", "user:<id>", false)]
    [InlineData("user:<userId>", "user:<id>", true)]
    [InlineData("user:<user.Id>", "user:<id:D>", true)]
    [InlineData("user:<id>", "user:admin", true)]
    [InlineData("user:admin", "user:<id>", true)]
    [InlineData("user:<id>", "user:", false)]
    [InlineData("user:<id>", "user:<id>:orders", false)]
    [InlineData("user:<id>:orders", "user:<id>", false)]
    [InlineData("<tenant>:user:<id>", "acme:user:<id>", true)]
    [InlineData("<tenant>:user:<id>", "user:<id>", false)]
    [InlineData("<a><b>", "<x><y>", true)]
    [InlineData("<a><b>", "<x>", false)]
    [InlineData("<a>:<b>", "x:y", true)]
    [InlineData("<a>:<b>", "xy", false)]
    [InlineData("a<<b", "a<<b", true)]
    [InlineData("a<<b", "a<b>", true)]
    [InlineData("user:<id", "user:<id>", false)]
    public void CanMatch(string invalidated, string attached, bool expected)
        => Assert.Equal(expected, TagTemplateMatch.CanMatch(invalidated, attached));

    [Fact]
    public void CanMatch_IsSymmetric()
    {
        string[] templates = ["users", "user:<id>", "user:admin", "user:<id>:orders", "<t>:user:<id>", "acme:user:7", "<a><b>"];
        foreach (var a in templates)
        {
            foreach (var b in templates)
            {
                Assert.Equal(TagTemplateMatch.CanMatch(a, b), TagTemplateMatch.CanMatch(b, a));
            }
        }
    }
}
