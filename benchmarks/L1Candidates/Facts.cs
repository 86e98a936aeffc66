using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using BitFaster.Caching;
using BitFaster.Caching.Lfu;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Caching.Memory;

namespace L1Candidates;

/// <summary>
/// `dotnet run -c Release --project benchmarks/L1Candidates -- facts`: what each candidate does rather than how
/// fast: the bound after 2 × capacity inserts, the hit ratio on the Zipf trace, bytes per entry, bytes per hit,
/// removal by key, clear, and whether an entry past its logical expiry is served.
/// </summary>
public static class Facts
{
    private interface IL1 : IDisposable
    {
        string Name { get; }
        bool TryGet(UserKey key, out User? value);
        void Set(UserKey key, User value, int ttlMs);
        void Remove(UserKey key);
        void Clear();
        int Count { get; }
        void Maintain();
    }

    private static L1Entry<User> Entry(User value, int ttlMs) => new(value, Environment.TickCount64 + ttlMs);

    private sealed class Dict : IL1
    {
        private readonly ConcurrentDictionary<UserKey, L1Entry<User>> _d = new();
        public string Name => "ConcurrentDictionary (floor)";
        public bool TryGet(UserKey key, out User? value) { var hit = _d.TryGetValue(key, out var e) && e.IsFresh; value = hit ? e.Value : null; return hit; }
        public void Set(UserKey key, User value, int ttlMs) => _d[key] = Entry(value, ttlMs);
        public void Remove(UserKey key) => _d.TryRemove(key, out _);
        public void Clear() => _d.Clear();
        public int Count => _d.Count;
        public void Maintain() { }
        public void Dispose() { }
    }

    private sealed class Lru(int capacity) : IL1
    {
        private readonly FastConcurrentLru<UserKey, L1Entry<User>> _c = new(capacity);
        public string Name => "BitFaster FastConcurrentLru";
        public bool TryGet(UserKey key, out User? value) { var hit = _c.TryGet(key, out var e) && e.IsFresh; value = hit ? e.Value : null; return hit; }
        public void Set(UserKey key, User value, int ttlMs) => _c.AddOrUpdate(key, Entry(value, ttlMs));
        public void Remove(UserKey key) => _c.TryRemove(key);
        public void Clear() => _c.Clear();
        public int Count => _c.Count;
        public void Maintain() { }
        public void Dispose() { }
    }

    private sealed class TLru(int capacity, int ttlMs) : IL1
    {
        private readonly FastConcurrentTLru<UserKey, User> _c = new(capacity, TimeSpan.FromMilliseconds(ttlMs));
        public string Name => "BitFaster FastConcurrentTLru";
        public bool TryGet(UserKey key, out User? value) { var hit = _c.TryGet(key, out var v); value = v; return hit; }
        public void Set(UserKey key, User value, int ttlMs) => _c.AddOrUpdate(key, value);
        public void Remove(UserKey key) => _c.TryRemove(key);
        public void Clear() => _c.Clear();
        public int Count => _c.Count;
        public void Maintain() { }
        public void Dispose() { }
    }

    private sealed class LruExpireAfter(int capacity) : IL1
    {
        private readonly ICache<UserKey, L1Entry<User>> _c = new ConcurrentLruBuilder<UserKey, L1Entry<User>>()
            .WithCapacity(capacity).WithExpireAfter(new EntryExpiry<UserKey, User>()).Build();
        public string Name => "BitFaster ConcurrentLru + ExpireAfter";
        public bool TryGet(UserKey key, out User? value) { var hit = _c.TryGet(key, out var e); value = hit ? e.Value : null; return hit; }
        public void Set(UserKey key, User value, int ttlMs) => _c.AddOrUpdate(key, Entry(value, ttlMs));
        public void Remove(UserKey key) => _c.TryRemove(key);
        public void Clear() => _c.Clear();
        public int Count => _c.Count;
        public void Maintain() { }
        public void Dispose() { }
    }

    private sealed class Lfu(int capacity) : IL1
    {
        private readonly ConcurrentLfu<UserKey, L1Entry<User>> _c = new(capacity);
        public string Name => "BitFaster ConcurrentLfu";
        public bool TryGet(UserKey key, out User? value) { var hit = _c.TryGet(key, out var e) && e.IsFresh; value = hit ? e.Value : null; return hit; }
        public void Set(UserKey key, User value, int ttlMs) => _c.AddOrUpdate(key, Entry(value, ttlMs));
        public void Remove(UserKey key) => _c.TryRemove(key);
        public void Clear() => _c.Clear();
        public int Count => _c.Count;
        public void Maintain() => _c.DoMaintenance();
        public void Dispose() { }
    }

    private sealed class Mem(int capacity) : IL1
    {
        private readonly MemoryCache _c = new(new MemoryCacheOptions { SizeLimit = capacity });
        public string Name => "MemoryCache";
        public bool TryGet(UserKey key, out User? value) { var hit = _c.TryGetValue(key, out var v); value = (User?)v; return hit; }
        public void Set(UserKey key, User value, int ttlMs) =>
            _c.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(ttlMs) });
        public void Remove(UserKey key) => _c.Remove(key);
        public void Clear() => _c.Clear();
        public int Count => _c.Count;
        public void Maintain() { }
        public void Dispose() => _c.Dispose();
    }

    private static IEnumerable<Func<int, int, IL1>> Factories()
    {
        yield return (_, _) => new Dict();
        yield return (capacity, _) => new Lru(capacity);
        yield return (capacity, ttl) => new TLru(capacity, ttl);
        yield return (capacity, _) => new LruExpireAfter(capacity);
        yield return (capacity, _) => new Lfu(capacity);
        yield return (capacity, _) => new Mem(capacity);
    }

    public static void Run()
    {
        const int ttl = 60_000;
        var value = new User(1, "shared");
        Console.WriteLine("| Candidate | Count after 20,000 inserts (capacity 10,000): at once / after 1 s | Hit ratio, Zipf trace (1M ops, 20,000 keys, capacity 10,000) | Bytes per entry (100,000 entries) | Bytes per hit | Remove by key | Clear | Entry past its expiry served? |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var make in Factories())
        {
            // Bound and eviction.
            string bound;
            using (var c = make(10_000, ttl))
            {
                for (var i = 0; i < 20_000; i++)
                {
                    c.Set(Keys.Make<UserKey>(i), value, ttl);
                }

                var atOnce = c.Count;
                c.Maintain();
                Thread.Sleep(1_000);
                c.Maintain();
                bound = $"{atOnce:N0} / {c.Count:N0}";
            }

            // Hit ratio on the same trace the concurrent benchmark replays, filling on a miss.
            double hitRatio;
            using (var c = make(MixedConcurrent.Capacity, ttl))
            {
                var trace = Keys.ZipfTrace(1 << 20, MixedConcurrent.Universe, seed: 42);
                var keys = new UserKey[MixedConcurrent.Universe];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = Keys.Make<UserKey>(i);
                }

                long hits = 0;
                for (var i = 0; i < trace.Length; i++)
                {
                    if (c.TryGet(keys[trace[i]], out _))
                    {
                        hits++;
                    }
                    else
                    {
                        c.Set(keys[trace[i]], value, ttl);
                    }
                }

                hitRatio = (double)hits / trace.Length;
            }

            // Bytes per entry: the heap growth for 100,000 entries (value shared), cache structures included.
            long perEntry;
            {
                var keys = new UserKey[100_000];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = Keys.Make<UserKey>(i);
                }

                var before = GC.GetTotalMemory(forceFullCollection: true);
                var c = make(200_000, ttl);
                for (var i = 0; i < keys.Length; i++)
                {
                    c.Set(keys[i], value, ttl);
                }

                c.Maintain();
                var after = GC.GetTotalMemory(forceFullCollection: true);
                perEntry = (after - before) / keys.Length;
                GC.KeepAlive(c);
                c.Dispose();
            }

            // Bytes per hit, removal, clear.
            double perHit;
            string remove, clear;
            using (var c = make(10_000, ttl))
            {
                var key = new UserKey(1, 42);
                c.Set(key, value, ttl);
                c.Maintain();
                c.TryGet(key, out _);
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 100_000; i++)
                {
                    c.TryGet(key, out _);
                }

                perHit = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 100_000.0;
                c.Remove(key);
                remove = c.TryGet(key, out _) ? "no" : "yes";
                for (var i = 0; i < 100; i++)
                {
                    c.Set(Keys.Make<UserKey>(i), value, ttl);
                }

                c.Clear();
                c.Maintain();
                clear = c.Count == 0 && !c.TryGet(Keys.Make<UserKey>(7), out _) ? "yes (Count 0)" : $"Count {c.Count}";
            }

            // Expiry: an entry set with a 1 s TTL, read 1.5 s later.
            string expiry;
            using (var c = make(10_000, 1_000))
            {
                var key = new UserKey(1, 7);
                c.Set(key, value, 1_000);
                Thread.Sleep(1_500);
                var served = c.TryGet(key, out _);
                expiry = served ? "**yes**" : $"no (Count {c.Count} after the read)";
            }

            Console.WriteLine($"| {c0(make)} | {bound} | {hitRatio:P1} | {perEntry:N0} | {perHit:0.#} | {remove} | {clear} | {expiry} |");
        }

        static string c0(Func<int, int, IL1> make)
        {
            using var c = make(16, 1_000);
            return c.Name;
        }
    }
}
