using System;
using System.Globalization;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Caching.TestSupport;
using Xunit;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// One deterministic test per nasty example the properties found or that the key format exists to stop, through the
/// generated repositories on a private redis-server. The first three are the counterexamples of a defect the slot
/// property found (a long key hashed for its length lost its hash tag's slot); the rest pin the classics.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class KnownNastyKeyExamples(RedisServerFixture redis)
{
    /// <summary>
    /// Shrunk counterexample (CsCheck seed 9UtpdVft-mP8): tenant = 334 carriage returns, doc = null. The escaped
    /// tag ("tenant:" + 334 × "%0D") is over 128 characters, so the hashed key dropped it and, keeping the text
    /// before the first hole ("…kt:{tenant:"), opened a '{' that swallowed the rest: every doc of that tenant went
    /// to a slot of the hash's choosing. Now all its keys carry one stand-in tag, short or long.
    /// </summary>
    [Fact]
    public async Task TenantOf334CarriageReturns_AllItsKeysShareTheStandInTagsSlot()
    {
        var harness = new KeyInjectionHarness(redis);
        var tenant = new string('\r', 334);
        var tag = "tenant:" + string.Concat(Enumerable.Repeat("%0D", 334));
        var standIn = "#h" + XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(tag)).ToString("x32", CultureInfo.InvariantCulture);

        foreach (var doc in new[] { null, "1", new string('d', 100_000) })
        {
            var key = await harness.KeyOfAsync(s => new KiTenantRepository(s), r => r.TryGetTenantDocAsync(tenant, doc).AsTask());
            Assert.Equal(standIn, ClusterSlot.HashTag(key));
            Assert.Equal(ClusterSlot.Of(standIn), ClusterSlot.Of(key));
        }
    }

    /// <summary>A short tag around a hole, in a key made long by another hole: the hashed key keeps the tenant's slot.</summary>
    [Fact]
    public async Task ShortTenantWithA600CharDoc_StaysInTheTenantsSlot()
    {
        var harness = new KeyInjectionHarness(redis);
        var key = await harness.KeyOfAsync(s => new KiTenantRepository(s), r => r.TryGetTenantDocAsync("acme", new string('a', 600)).AsTask());

        Assert.Matches("^" + harness.Prefix + "kt:#h[0-9a-f]{32}\\{tenant:acme\\}$", key);
        Assert.Equal(ClusterSlot.Of("tenant:acme"), ClusterSlot.Of(key));
    }

    /// <summary>A tag of 137 characters: a short key (not hashed for length) and a long one of the same tenant share a slot.</summary>
    [Fact]
    public async Task TagOver128Chars_ShortAndLongKeysOfOneTenantShareASlot()
    {
        var harness = new KeyInjectionHarness(redis);
        var tenant = new string('a', 130);
        var shortKey = await harness.KeyOfAsync(s => new KiTenantRepository(s), r => r.TryGetTenantDocAsync(tenant, "1").AsTask());
        var longKey = await harness.KeyOfAsync(s => new KiTenantRepository(s), r => r.TryGetTenantDocAsync(tenant, new string('b', 600)).AsTask());

        Assert.True(Encoding.UTF8.GetByteCount(harness.Prefix + "kt:{tenant:" + tenant + "}:doc:1#00000000") < CacheKeyBuilder.MaxKeyBytes);
        Assert.Equal(ClusterSlot.HashTag(shortKey), ClusterSlot.HashTag(longKey));
        Assert.Equal(ClusterSlot.Of(shortKey), ClusterSlot.Of(longKey));
    }

    [Theory]
    [InlineData("a:b", "c", "a", "b:c")]
    [InlineData("a", "", "a:", null)]
    [InlineData(null, "x", "%N", "x")]
    [InlineData("", "", null, null)]
    [InlineData("%3A", "", ":", "")]
    [InlineData("e\u0301", "", "\u00E9", "")]
    public async Task NearCollidingPairs_GetTheirOwnEntries(string? a1, string? b1, string? a2, string? b2)
    {
        var harness = new KeyInjectionHarness(redis);
        var repository = new KiUserRepository(harness.Store);

        await repository.GetPairAsync(a1, b1);
        await repository.GetPairAsync(a2, b2);

        Assert.Equal(2, repository.CoreCalls);
        Assert.Equal(2, (await harness.ScanAsync()).Count);
        Assert.Equal(KeyFingerprint.Of(a1, b1), (await repository.TryGetPairAsync(a1, b1)).Value);
        Assert.Equal(KeyFingerprint.Of(a2, b2), (await repository.TryGetPairAsync(a2, b2)).Value);
    }

    /// <summary>
    /// Lone surrogates, which UTF-8 cannot carry (each would reach Redis as U+FFFD, the same bytes), are escaped.
    /// Written in code rather than as theory data: the test runner's serialization replaces them with U+FFFD itself.
    /// </summary>
    [Fact]
    public async Task LoneSurrogates_AndTheReplacementCharacter_GetTheirOwnEntries()
    {
        var harness = new KeyInjectionHarness(redis);
        var repository = new KiUserRepository(harness.Store);
        string[] values = ["\uD800", "\uDBFF", "\uDC00", "\uFFFD", "\uD800\uDC00", "\uDC00\uD800"];
        Assert.Equal(values.Length, values.Distinct(StringComparer.Ordinal).Count());

        foreach (var value in values)
        {
            await repository.GetPairAsync(value, "");
        }

        Assert.Equal(values.Length, repository.CoreCalls);
        Assert.Equal(values.Length, (await harness.ScanAsync()).Count);
        foreach (var value in values)
        {
            Assert.Equal(KeyFingerprint.Of(value, ""), (await repository.TryGetPairAsync(value, "")).Value);
        }
    }

    [Theory]
    [InlineData("{users}")]
    [InlineData("x{tenant:acme}y")]
    [InlineData("}{")]
    public async Task BracesInAValue_OpenNoHashTag(string name)
    {
        var harness = new KeyInjectionHarness(redis);
        var key = await harness.KeyOfAsync(s => new KiUserRepository(s), r => r.TryGetUserAsync(1, name).AsTask());

        Assert.DoesNotContain('{', key);
        Assert.DoesNotContain('}', key);
        Assert.Null(ClusterSlot.HashTag(key));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("a*")]
    [InlineData("[a]")]
    [InlineData("a?")]
    [InlineData("\\*")]
    public async Task GlobCharactersInAPatternValue_MatchOnlyThemselves(string tenant)
    {
        var harness = new KeyInjectionHarness(redis);
        var repository = new KiTenantRepository(harness.Store);
        var others = new[] { "a", "ab", "b", "[a]x", "a*", "*", "a?", "aa", "\\*", "\\a" }.Where(t => t != tenant).ToArray();
        foreach (var t in others.Append(tenant))
        {
            await repository.GetDocAsync(t, "1");
            await repository.GetDocAsync(t, "2");
        }

        var deleted = await harness.Store.InvalidatePatternAsync("kt:doc:" + CacheKeyPattern.Escape(tenant) + ":*");

        Assert.Equal(2, deleted);
        Assert.Equal(others.Length * 2, (await harness.ScanAsync()).Count);
        Assert.False((await repository.TryGetDocAsync(tenant, "1")).IsHit);
        foreach (var t in others)
        {
            Assert.True((await repository.TryGetDocAsync(t, "1")).IsHit, $"tenant {t} lost its entry");
        }
    }

    [Fact]
    public async Task InvalidatingTenantA_LeavesTenantsThatOnlyLookLikeIt()
    {
        var harness = new KeyInjectionHarness(redis);
        var repository = new KiTenantRepository(harness.Store);
        string?[] tenants = ["a", "a:b", "a%3Ab", "a:", "a{", "{a}", "", null, "%N", "A"];
        foreach (var t in tenants)
        {
            await repository.GetTenantDocAsync(t, "1");
        }

        await repository.InvalidateTenantAsync("a");

        foreach (var t in tenants)
        {
            Assert.Equal(t != "a", (await repository.TryGetTenantDocAsync(t, "1")).IsHit);
        }
    }
}
