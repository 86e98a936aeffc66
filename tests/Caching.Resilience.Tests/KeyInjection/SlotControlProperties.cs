using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.TestSupport;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// Property 2, slot control: no hole value moves a key to a Redis Cluster slot of its choosing. With a literal hash
/// tag, every key is in the tag's slot; with a tag around a hole, a value's keys all share the slot of the tag
/// text the template makes of it; without a tag in the template, a value holding <c>{x}</c> opens no tag (the key
/// has no brace at all), so its slot is the whole key's, never slot("x"). Slots are computed by
/// <see cref="ClusterSlot"/>, which <see cref="ClusterSlotCrossCheck"/> checks against a real cluster.
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class SlotControlProperties(RedisServerFixture redis, ITestOutputHelper output)
{
    /// <summary>A value that tries hard to open its own hash tag.</summary>
    private static readonly Gen<string?> TagForging = Gen.Frequency(
        (3, HostileValues.NullableText),
        (2, Gen.Select(HostileValues.Short, Gen.OneOf("{x}", "{", "}{x}", "{users}", "{tenant:a}", "x}"), HostileValues.Text.Null(0.2),
            (before, tag, after) => (string?)(before + tag + after))));

    [Fact]
    public async Task LiteralHashTag_EveryKeyIsInTheTagsSlot()
    {
        var harness = new KeyInjectionHarness(redis);
        var slot = ClusterSlot.Of("users");
        var hashed = 0;
        var watch = Stopwatch.StartNew();
        await Gen.Select(TagForging, Gen.Int).SampleAsync(async (name, page) =>
        {
            var key = await harness.KeyOfAsync(s => new KiTenantRepository(s), r => r.TryGetProfileAsync(name, page).AsTask());
            Assert.Equal("users", ClusterSlot.HashTag(key));
            Assert.Equal(slot, ClusterSlot.Of(key));
            if (key.Contains("#h", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref hashed);
            }
        }, iter: 1500, print: t => $"({HostileValues.Show(t.Item1)}, {t.Item2})", writeLine: output.WriteLine);
        output.WriteLine($"{{users}}:profile:<name>:<page>: 1500 keys ({hashed} hashed for length) all in slot {slot}, {watch.ElapsedMilliseconds} ms");
        Assert.True(hashed > 20, $"only {hashed} keys were long enough to be hashed");
    }

    [Fact]
    public async Task HashTagAroundAHole_ATenantsKeysShareTheSlotOfItsTag()
    {
        var harness = new KeyInjectionHarness(redis);
        var hashed = 0;
        var watch = Stopwatch.StartNew();
        await Gen.Select(TagForging, HostileValues.NullableText, HostileValues.NullableText).SampleAsync(async (tenant, doc1, doc2) =>
        {
            var key1 = await harness.KeyOfAsync(s => new KiTenantRepository(s), r => r.TryGetTenantDocAsync(tenant, doc1).AsTask());
            var key2 = await harness.KeyOfAsync(s => new KiTenantRepository(s), r => r.TryGetTenantDocAsync(tenant, doc2).AsTask());
            // The tag the template makes of the tenant: the value, escaped, between the template's own braces (or
            // its stand-in when too long to keep in a key: docs/design/keys-and-entries.md, Long keys).
            var tag = ExpectedTag("tenant:" + DocumentedEscaping.Escape(tenant));
            Assert.Equal(tag, ClusterSlot.HashTag(key1));
            Assert.Equal(tag, ClusterSlot.HashTag(key2));
            Assert.Equal(ClusterSlot.Of(tag), ClusterSlot.Of(key1));
            Assert.Equal(ClusterSlot.Of(key1), ClusterSlot.Of(key2));
            if (key1.Contains("#h", StringComparison.Ordinal) || key2.Contains("#h", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref hashed);
            }
        }, iter: 1500, print: t => $"({HostileValues.Show(t.Item1)}, {HostileValues.Show(t.Item2)}, {HostileValues.Show(t.Item3)})", writeLine: output.WriteLine);
        output.WriteLine($"{{tenant:<tenant>}}:doc:<doc>: 1500 pairs ({hashed} with a hashed key) in their tenant's slot, {watch.ElapsedMilliseconds} ms");
        Assert.True(hashed > 20, $"only {hashed} pairs had a key long enough to be hashed");
    }

    /// <summary>
    /// The runtime's builder on templates no test author would write: literal parts full of braces around hostile
    /// holes. Whatever the template, a key's hash tag is the one Redis would find in the key's full text (values
    /// escaped, nothing hashed), or that tag's stand-in when it is too long; so hashing a long key never moves it.
    /// </summary>
    [Fact]
    public void AnyTemplate_HashedOrNot_KeepsTheSlotOfItsFullText()
    {
        var literal = Gen.OneOf("", ":", "{", "}", "{t}", "}{", "{}", "a{", "}b", "x", "{tag:", "#");
        var part = Gen.Select(literal, HostileValues.Text.Null(0.1));
        var hashed = 0;
        var watch = Stopwatch.StartNew();
        Gen.Select(part.Array[1, 4], literal).Sample((parts, last) =>
        {
            var builder = new CacheKeyBuilder(stackalloc char[256]);
            var full = new System.Text.StringBuilder("app:");
            builder.AppendLiteral("app:");
            foreach (var (text, value) in parts)
            {
                builder.AppendLiteral(text);
                builder.AppendHole(value);
                full.Append(text).Append(DocumentedEscaping.Escape(value));
            }

            builder.AppendLiteral(last + "#0badcafe");
            full.Append(last).Append("#0badcafe");
            var key = builder.ToKey();
            var tag = ClusterSlot.HashTag(full.ToString());
            Assert.Equal(tag is null ? null : ExpectedTag(tag), ClusterSlot.HashTag(key));
            if (tag is not null)
            {
                Assert.Equal(ClusterSlot.Of(ExpectedTag(tag)), ClusterSlot.Of(key));
            }

            if (key != full.ToString())
            {
                Interlocked.Increment(ref hashed);
            }
        }, iter: 3000, print: t => string.Join("", t.Item1.Select(p => p.Item1 + "<" + HostileValues.Show(p.Item2) + ">")) + t.Item2, writeLine: output.WriteLine);
        output.WriteLine($"random templates: 3000 keys ({hashed} hashed), each in its full text's slot, {watch.ElapsedMilliseconds} ms");
        Assert.True(hashed > 100, $"only {hashed} keys were hashed");
    }

    [Fact]
    public async Task NoHashTagInTheTemplate_NoValueOpensOne()
    {
        var harness = new KeyInjectionHarness(redis);
        var watch = Stopwatch.StartNew();
        await Gen.Select(TagForging, TagForging, Gen.Int[-1, 1]).SampleAsync(async (a, b, id) =>
        {
            var recorder = new KeyRecordingStore(harness.Store);
            var users = new KiUserRepository(recorder);
            var tenants = new KiTenantRepository(recorder);
            await users.TryGetUserAsync(id, a);
            await users.TryGetPairAsync(a, b);
            await tenants.TryGetDocAsync(a, b);
            await tenants.TryGetTenantDocAsync(a, b);
            await tenants.InvalidateTenantAsync(b);
            var seen = recorder.Take();
            Assert.Equal(6, seen.Count);
            // In call order: the user, pair and doc keys, the tenant-doc key and its tag, the invalidated tag. The
            // tenant-doc key (index 3) has braces of its own (the property above); every other key and tag has none.
            Assert.Equal(["key", "key", "key", "key", "tag", "tag"], seen.Select(s => s.Kind));
            foreach (var (kind, text) in seen.Where((_, index) => index != 3))
            {
                Assert.True(text.IndexOfAny(['{', '}']) < 0, $"the {kind} {HostileValues.Show(text)} holds a brace from a value");
                Assert.Null(ClusterSlot.HashTag(kind == "tag" ? harness.Prefix + "tag:" + text + "#tag" : text));
            }
        }, iter: 600, print: t => $"({HostileValues.Show(t.Item1)}, {HostileValues.Show(t.Item2)}, {t.Item3})", writeLine: output.WriteLine);
        output.WriteLine($"user, pair, doc keys and tenant tags: 600 samples, no brace from a value, {watch.ElapsedMilliseconds} ms");
    }

    // A tag Redis would hash in the full key text, as the hashed key keeps it: itself up to 128 characters, else
    // "#h" and the XxHash128 of its UTF-8 bytes (docs/design/keys-and-entries.md, Long keys).
    private static string ExpectedTag(string tag)
        => tag.Length <= 128 ? tag
            : "#h" + System.IO.Hashing.XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes(tag)).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}
