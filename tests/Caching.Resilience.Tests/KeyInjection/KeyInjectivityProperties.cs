using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
/// Property 1, injectivity: two different argument tuples never produce the same key. Keys are the ones the
/// generated repositories pass to the store (<see cref="KeyRecordingStore"/> in front of a real store on a private
/// redis-server), compared as the UTF-8 bytes Redis would store. Pairs are drawn independently and as near
/// collisions: one tuple's text re-split at another separator, ("a:b","c") against ("a","b:c").
/// </summary>
[Collection(RedisCollections.Server)]
public sealed class KeyInjectivityProperties(RedisServerFixture redis, ITestOutputHelper output)
{
    private static readonly Gen<(int Id, string? Name)> UserTuple = Gen.Select(Gen.Int[-1, 2], HostileValues.NullableText);

    private static readonly Gen<(string? A, string? B)> PairTuple = Gen.Select(HostileValues.NullableText, HostileValues.NullableText);

    /// <summary>A pair and a second pair spelling the same text joined by ':' but split at another ':' (or an escape look-alike).</summary>
    private static readonly Gen<((string? A, string? B) First, (string? A, string? B) Second)> PairAndNearCollision =
        Gen.Select(PairTuple, Gen.Int[0, 1000], Gen.Int[0, 3], (pair, pick, how) => (pair, Resplit(pair, pick, how)));

    [Fact]
    public async Task UserKey_DistinctTuples_NeverShareAKey()
    {
        var harness = new KeyInjectionHarness(redis);
        var owners = new ConcurrentDictionary<string, (int, string?)>();
        var watch = Stopwatch.StartNew();
        var samples = 0;
        await Gen.Select(UserTuple, UserTuple).SampleAsync(async (first, second) =>
        {
            Interlocked.Increment(ref samples);
            var key1 = await harness.KeyOfAsync(s => new KiUserRepository(s), r => r.TryGetUserAsync(first.Id, first.Name).AsTask());
            var key2 = await harness.KeyOfAsync(s => new KiUserRepository(s), r => r.TryGetUserAsync(second.Id, second.Name).AsTask());
            AssertDistinct(first, second, key1, key2);
            Remember(owners, key1, first);
            Remember(owners, key2, second);
        }, iter: 1500, print: t => $"({Show(t.Item1)}) vs ({Show(t.Item2)})", writeLine: output.WriteLine);
        output.WriteLine($"user:<id>:<name>: {samples} pairs, {owners.Count} distinct keys, {watch.ElapsedMilliseconds} ms");
        Assert.True(owners.Count > 1000, $"only {owners.Count} distinct tuples were tried");
    }

    [Fact]
    public async Task PairKey_NearCollisions_NeverShareAKey()
    {
        var harness = new KeyInjectionHarness(redis);
        var owners = new ConcurrentDictionary<string, (string?, string?)>();
        var watch = Stopwatch.StartNew();
        var samples = 0;
        var nearMisses = 0;
        await PairAndNearCollision.SampleAsync(async (first, second) =>
        {
            Interlocked.Increment(ref samples);
            var key1 = await harness.KeyOfAsync(s => new KiUserRepository(s), r => r.TryGetPairAsync(first.A, first.B).AsTask());
            var key2 = await harness.KeyOfAsync(s => new KiUserRepository(s), r => r.TryGetPairAsync(second.A, second.B).AsTask());
            if (first != second && first.A + ":" + first.B == second.A + ":" + second.B)
            {
                Interlocked.Increment(ref nearMisses);
            }

            AssertDistinct(first, second, key1, key2);
            Remember(owners, key1, first);
            Remember(owners, key2, second);
        }, iter: 1500, print: t => $"({Show(t.Item1)}) vs ({Show(t.Item2)})", writeLine: output.WriteLine);
        output.WriteLine($"pair:<a>:<b>: {samples} pairs, {nearMisses} that naive joining would confuse, {owners.Count} distinct keys, {watch.ElapsedMilliseconds} ms");
        Assert.True(nearMisses > 100, $"only {nearMisses} pairs were real near collisions, so the property proves little");
    }

    [Fact]
    public async Task MixedHoleTypes_DistinctTuples_NeverShareAKey()
    {
        var harness = new KeyInjectionHarness(redis);
        var owners = new ConcurrentDictionary<string, MixTuple>();
        var watch = Stopwatch.StartNew();
        await Gen.Select(MixTuple.Gen, MixTuple.Gen).SampleAsync(async (first, second) =>
        {
            var key1 = await harness.KeyOfAsync(s => new KiUserRepository(s), r => first.TryGetAsync(r));
            var key2 = await harness.KeyOfAsync(s => new KiUserRepository(s), r => second.TryGetAsync(r));
            AssertDistinct(first, second, key1, key2);
            Remember(owners, key1, first);
            Remember(owners, key2, second);
        }, iter: 800, print: t => $"{t.Item1} vs {t.Item2}", writeLine: output.WriteLine);
        output.WriteLine($"mix:<7 holes>: {owners.Count} distinct keys, {watch.ElapsedMilliseconds} ms");
        Assert.True(owners.Count > 500, $"only {owners.Count} distinct tuples were tried");
    }

    /// <summary>
    /// The same property seen from Redis: tuples with near collisions are cached through the generated method, then
    /// SCAN finds one key per distinct tuple, and each tuple reads back its own value (its core's fingerprint).
    /// </summary>
    [Fact]
    public async Task CachedThroughRedis_EachDistinctTupleHasItsOwnEntry()
    {
        var watch = Stopwatch.StartNew();
        var entries = 0;
        var batch = PairAndNearCollision.Array[5, 25].Select(pairs => pairs.SelectMany(p => new[] { p.First, p.Second }).ToArray());
        await batch.SampleAsync(async tuples =>
        {
            var harness = new KeyInjectionHarness(redis);
            var repository = new KiUserRepository(harness.Store);
            var distinct = tuples.Distinct().ToArray();
            foreach (var (a, b) in tuples)
            {
                Assert.Equal(KeyFingerprint.Of(a, b), await repository.GetPairAsync(a, b));
            }

            Assert.Equal(distinct.Length, repository.CoreCalls);
            Assert.Equal(distinct.Length, (await harness.ScanAsync()).Count);
            foreach (var (a, b) in distinct)
            {
                var lookup = await repository.TryGetPairAsync(a, b);
                Assert.True(lookup.IsHit, $"({Show((a, b))}) is not cached");
                Assert.Equal(KeyFingerprint.Of(a, b), lookup.Value);
            }

            Interlocked.Add(ref entries, distinct.Length);
        }, iter: 40, print: t => string.Join(" ", t.Select(p => "(" + Show(p) + ")")), writeLine: output.WriteLine);
        output.WriteLine($"through Redis: {entries} entries in 40 batches, {watch.ElapsedMilliseconds} ms");
    }

    internal static void AssertDistinct<T>(T first, T second, string key1, string key2)
    {
        // A key must reach Redis unchanged: a lone surrogate left in it would become U+FFFD on the wire.
        var bytes1 = KeyInjectionHarness.Bytes(key1);
        var bytes2 = KeyInjectionHarness.Bytes(key2);
        if (!EqualityComparer<T>.Default.Equals(first, second))
        {
            Assert.True(bytes1 != bytes2, $"two tuples share the key {HostileValues.Show(key1)}");
        }
        else
        {
            Assert.Equal(bytes1, bytes2);
        }
    }

    internal static void Remember<T>(ConcurrentDictionary<string, T> owners, string key, T tuple)
    {
        var owner = owners.GetOrAdd(KeyInjectionHarness.Bytes(key), tuple);
        Assert.True(EqualityComparer<T>.Default.Equals(owner, tuple), $"{owner} and {tuple} share the key {HostileValues.Show(key)}");
    }

    private static (string? A, string? B) Resplit((string? A, string? B) pair, int pick, int how)
    {
        var joined = pair.A + ":" + pair.B;
        switch (how)
        {
            case 0:
                // Split the joined text at another ':' (there is always the one we put in).
                var colons = Enumerable.Range(0, joined.Length).Where(i => joined[i] == ':').ToArray();
                var at = colons[pick % colons.Length];
                return (joined[..at], joined[(at + 1)..]);
            case 1:
                // Spell a separator or the null token the way an escaped value would.
                return (pair.A is null ? "%N" : pair.A + "%3A", pair.B);
            case 2:
                // Move the boundary by one character.
                return pick % 2 == 0 || string.IsNullOrEmpty(pair.A)
                    ? (pair.A + (pair.B is { Length: > 0 } ? pair.B[..1] : ""), pair.B is { Length: > 0 } ? pair.B[1..] : pair.B)
                    : (pair.A[..^1], pair.A[^1] + pair.B);
            default:
                // null against empty.
                return (pair.A is null ? "" : pair.A.Length == 0 ? null : pair.A, pair.B);
        }
    }

    private static string Show((int Id, string? Name) t) => t.Id + ", " + HostileValues.Show(t.Name);

    private static string Show((string? A, string? B) t) => HostileValues.Show(t.A) + ", " + HostileValues.Show(t.B);
}
