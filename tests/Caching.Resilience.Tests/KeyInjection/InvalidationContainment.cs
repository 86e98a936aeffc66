using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Xunit;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// Property 3, invalidation containment, as scenarios shared by the single-server and cluster tests: seed entries
/// for random (often hostile, often near-equal) tuples through a generated repository, invalidate one tag, key or
/// pattern built from a hostile value, then check entry by entry (a read that hits or misses) and key by key (SCAN
/// before and after) that exactly the intended entries are gone and everything else is still there.
/// </summary>
internal static class InvalidationContainment
{
    /// <summary>Tenants: a small alphabet of near-equal values, so tenants repeat and differ by one escape; sometimes hostile text.</summary>
    private static readonly Gen<string?> Tenant = Gen.Frequency((4, HostileValues.SmallAlphabet), (1, HostileValues.NullableText));

    private static readonly Gen<string?> Doc = Gen.Frequency((4, Gen.OneOf<string?>("1", "2", ":", "*", null, "")), (1, HostileValues.NullableText));

    /// <summary>Seeded (tenant, doc) tuples and the tenant to invalidate: a seeded one, a near miss of one, or any hostile value.</summary>
    public static readonly Gen<((string? Tenant, string? Doc)[] Seeded, string? Target)> TenantCase =
        Gen.Select(Gen.Select(Tenant, Doc).Array[5, 30], Gen.Int[0, 1000], Gen.Int[0, 5], HostileValues.NullableText,
            (seeded, pick, how, other) => (seeded, Target(seeded[pick % seeded.Length].Item1, how, other)));

    /// <summary>Seeded (id, name) tuples and the one to invalidate: a seeded one, a near miss of one, or any hostile tuple.</summary>
    public static readonly Gen<((int Id, string? Name)[] Seeded, (int Id, string? Name) Target)> UserCase =
        Gen.Select(Gen.Select(Gen.Int[0, 2], Tenant).Array[5, 30], Gen.Int[0, 1000], Gen.Int[0, 5], HostileValues.NullableText,
            (seeded, pick, how, other) =>
            {
                var chosen = seeded[pick % seeded.Length];
                return (seeded, (chosen.Item1, Target(chosen.Item2, how, other)));
            });

    /// <summary>[InvalidatesTag("tenant:&lt;tenant&gt;")]: the target tenant's entries miss, every other entry hits, no key is deleted.</summary>
    public static async Task TagAsync(KeyInjectionHarness harness, (string? Tenant, string? Doc)[] seeded, string? target)
    {
        var repository = new KiTenantRepository(harness.Store);
        var distinct = seeded.Distinct().ToArray();
        foreach (var (tenant, doc) in distinct)
        {
            Assert.Equal(KeyFingerprint.Of(tenant, doc), await repository.GetTenantDocAsync(tenant, doc));
        }

        var before = await harness.ScanAsync();
        Assert.Equal(distinct.Length, before.Count);
        await repository.InvalidateTenantAsync(target);
        var after = await harness.ScanAsync();
        // A tag invalidation writes one stamp (the first for this prefix) and deletes nothing.
        Assert.Subset(after, before);
        Assert.Equal(before.Count + 1, after.Count);

        foreach (var (tenant, doc) in distinct)
        {
            var lookup = await repository.TryGetTenantDocAsync(tenant, doc);
            var intended = tenant == target;
            Assert.True(lookup.IsHit != intended,
                $"({HostileValues.Show(tenant)}, {HostileValues.Show(doc)}) is a {(lookup.IsHit ? "hit" : "miss")} after invalidating tenant {HostileValues.Show(target)}");
            if (lookup.IsHit)
            {
                Assert.Equal(KeyFingerprint.Of(tenant, doc), lookup.Value);
            }
        }
    }

    /// <summary>[Invalidates(Key = "user:&lt;id&gt;:&lt;name&gt;")]: the target's entry misses, every other entry hits, nothing is deleted.</summary>
    public static async Task KeyAsync(KeyInjectionHarness harness, (int Id, string? Name)[] seeded, (int Id, string? Name) target)
    {
        var repository = new KiUserRepository(harness.Store);
        var distinct = seeded.Distinct().ToArray();
        foreach (var (id, name) in distinct)
        {
            Assert.Equal(KeyFingerprint.Of(id, name), await repository.GetUserAsync(id, name));
        }

        var before = await harness.ScanAsync();
        Assert.Equal(distinct.Length, before.Count);
        await repository.RemoveUserAsync(target.Id, target.Name);
        var after = await harness.ScanAsync();
        // The invalidation leaves a marker under the target's key: one new key when it was not seeded, none deleted.
        Assert.Subset(after, before);
        Assert.Equal(before.Count + (distinct.Contains(target) ? 0 : 1), after.Count);

        foreach (var tuple in distinct)
        {
            var lookup = await repository.TryGetUserAsync(tuple.Id, tuple.Name);
            var intended = tuple == target;
            Assert.True(lookup.IsHit != intended,
                $"({tuple.Id}, {HostileValues.Show(tuple.Name)}) is a {(lookup.IsHit ? "hit" : "miss")} after invalidating ({target.Id}, {HostileValues.Show(target.Name)})");
            if (lookup.IsHit)
            {
                Assert.Equal(KeyFingerprint.Of(tuple.Id, tuple.Name), lookup.Value);
            }
        }
    }

    /// <summary>
    /// <c>InvalidatePatternAsync("kt:doc:" + CacheKeyPattern.Escape(tenant) + ":*")</c>: SCAN finds exactly the target
    /// tenant's keys gone and every other key still there. A key hashed for its length holds no hole text, so no
    /// pattern reaches it (docs/design/keys-and-entries.md); those are counted in <paramref name="unreachable"/>.
    /// </summary>
    public static async Task PatternAsync(KeyInjectionHarness harness, (string? Tenant, string? Doc)[] seeded, string? target, Action<int> unreachable)
    {
        var recorder = new KeyRecordingStore(harness.Store);
        var repository = new KiTenantRepository(recorder);
        var distinct = seeded.Distinct().ToArray();
        var keys = new Dictionary<(string?, string?), string>();
        foreach (var (tenant, doc) in distinct)
        {
            Assert.Equal(KeyFingerprint.Of(tenant, doc), await repository.GetDocAsync(tenant, doc));
            keys[(tenant, doc)] = KeyInjectionHarness.Bytes(recorder.Take().Single(s => s.Kind == "key").Value);
        }

        var before = await harness.ScanAsync();
        Assert.Equal(distinct.Length, before.Count);
        var deleted = await harness.Store.InvalidatePatternAsync("kt:doc:" + CacheKeyPattern.Escape(target) + ":*");
        var after = await harness.ScanAsync();

        var targeted = distinct.Where(t => t.Tenant == target).ToArray();
        var hashed = targeted.Where(t => IsHashed(keys[t])).ToArray();
        var intended = targeted.Except(hashed).Select(t => keys[t]).ToHashSet();
        var gone = before.Except(after).ToHashSet();
        Assert.Subset(before, after);
        Assert.True(gone.SetEquals(intended),
            $"invalidating tenant {HostileValues.Show(target)} deleted {gone.Count} keys, {gone.Except(intended).Count()} of them outside it, and left {intended.Except(gone).Count()} of its {intended.Count}");
        Assert.Equal(intended.Count, deleted);
        unreachable(hashed.Length);
    }

    // A hashed key is its kept prefix, "#h" and 32 hex digits, then maybe a tag; no escaped value holds a '#'.
    private static bool IsHashed(string keyBytesHex) => keyBytesHex.Contains(Convert.ToHexString("#h"u8), StringComparison.Ordinal);

    private static string? Target(string? seeded, int how, string? other) => how switch
    {
        0 or 1 => seeded,
        2 => seeded + ":",
        3 => seeded is null ? "" : seeded.Length == 0 ? null : seeded + "*",
        4 => seeded is null ? "%N" : seeded.Replace(":", "%3A", StringComparison.Ordinal) + "{",
        _ => other,
    };
}
