using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;

namespace L1Candidates;

/// <summary>A hit on a present, fresh entry: what an L1 hit costs before the generated method returns.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(UserKey))]
public class Hit<TKey>
    where TKey : notnull
{
    private Candidates<TKey> _c = null!;
    private TKey _key = default!;

    [GlobalSetup]
    public void Setup()
    {
        _c = new Candidates<TKey>(10_000);
        for (var i = 0; i < 5_000; i++)
        {
            _c.Fill(Keys.Make<TKey>(i), new User(i, "user " + i));
        }

        _c.Lfu.DoMaintenance();
        _key = Keys.Make<TKey>(1_234);
    }

    [GlobalCleanup]
    public void Cleanup() => _c.Dispose();

    [Benchmark(Baseline = true)]
    public User? Dictionary() => _c.Dictionary.TryGetValue(_key, out var e) && e.IsFresh ? e.Value : null;

    [Benchmark]
    public User? BitFasterLru() => _c.Lru.TryGet(_key, out var e) && e.IsFresh ? e.Value : null;

    [Benchmark]
    public User? BitFasterTLru() => _c.TLru.TryGet(_key, out var v) ? v : null;

    [Benchmark]
    public User? BitFasterLruExpireAfter() => _c.LruExpireAfter.TryGet(_key, out var e) ? e.Value : null;

    [Benchmark]
    public User? BitFasterLfu() => _c.Lfu.TryGet(_key, out var e) && e.IsFresh ? e.Value : null;

    [Benchmark]
    public User? MemoryCache() => _c.Memory.TryGetValue(_key, out var v) ? (User?)v : null;
}

/// <summary>A miss (key absent): the L1 look-up in front of every L2 round trip.</summary>
[MemoryDiagnoser]
public class Miss
{
    private Candidates<UserKey> _c = null!;
    private UserKey _key;

    [GlobalSetup]
    public void Setup()
    {
        _c = new Candidates<UserKey>(10_000);
        for (var i = 0; i < 5_000; i++)
        {
            _c.Fill(Keys.Make<UserKey>(i), new User(i, "user " + i));
        }

        _c.Lfu.DoMaintenance();
        _key = Keys.Make<UserKey>(999_999);
    }

    [GlobalCleanup]
    public void Cleanup() => _c.Dispose();

    [Benchmark(Baseline = true)]
    public User? Dictionary() => _c.Dictionary.TryGetValue(_key, out var e) && e.IsFresh ? e.Value : null;

    [Benchmark]
    public User? BitFasterLru() => _c.Lru.TryGet(_key, out var e) && e.IsFresh ? e.Value : null;

    [Benchmark]
    public User? BitFasterTLru() => _c.TLru.TryGet(_key, out var v) ? v : null;

    [Benchmark]
    public User? BitFasterLruExpireAfter() => _c.LruExpireAfter.TryGet(_key, out var e) ? e.Value : null;

    [Benchmark]
    public User? BitFasterLfu() => _c.Lfu.TryGet(_key, out var e) && e.IsFresh ? e.Value : null;

    [Benchmark]
    public User? MemoryCache() => _c.Memory.TryGetValue(_key, out var v) ? (User?)v : null;
}

/// <summary>Set on a present key (replace): what a fill after an L2 hit, or a write-through, costs in L1.</summary>
[MemoryDiagnoser]
public class SetReplace
{
    private Candidates<UserKey> _c = null!;
    private UserKey _key;
    private User _value = null!;

    [GlobalSetup]
    public void Setup()
    {
        _c = new Candidates<UserKey>(10_000);
        for (var i = 0; i < 5_000; i++)
        {
            _c.Fill(Keys.Make<UserKey>(i), new User(i, "user " + i));
        }

        _c.Lfu.DoMaintenance();
        _key = Keys.Make<UserKey>(1_234);
        _value = new User(1_234, "replacement");
    }

    [GlobalCleanup]
    public void Cleanup() => _c.Dispose();

    [Benchmark(Baseline = true)]
    public void Dictionary() => _c.Dictionary[_key] = Candidates<UserKey>.Entry(_value);

    [Benchmark]
    public void BitFasterLru() => _c.Lru.AddOrUpdate(_key, Candidates<UserKey>.Entry(_value));

    [Benchmark]
    public void BitFasterTLru() => _c.TLru.AddOrUpdate(_key, _value);

    [Benchmark]
    public void BitFasterLruExpireAfter() => _c.LruExpireAfter.AddOrUpdate(_key, Candidates<UserKey>.Entry(_value));

    [Benchmark]
    public void BitFasterLfu() => _c.Lfu.AddOrUpdate(_key, Candidates<UserKey>.Entry(_value));

    [Benchmark]
    public void MemoryCache() => _c.Memory.Set(_key, _value, _c.MemoryOptions);
}

/// <summary>
/// 8 threads (on however many cores there are) replay a Zipf(s = 1) trace over 20,000 keys against a cache of
/// 10,000 entries: a hit returns the value, a miss (or an expired entry) sets it, as a fill would. The
/// result is per operation (Mean = wall time of the whole run / 400,000).
/// </summary>
[MemoryDiagnoser]
public class MixedConcurrent
{
    public const int Threads = 8;
    public const int OpsPerThread = 50_000;
    public const int Universe = 20_000;
    public const int Capacity = 10_000;

    private Candidates<UserKey> _c = null!;
    private int[] _trace = null!;
    private UserKey[] _keys = null!;
    private User[] _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        _c = new Candidates<UserKey>(Capacity);
        _trace = Keys.ZipfTrace(1 << 20, Universe, seed: 42);
        _keys = new UserKey[Universe];
        _values = new User[Universe];
        for (var i = 0; i < Universe; i++)
        {
            _keys[i] = Keys.Make<UserKey>(i);
            _values[i] = new User(i, "user " + i);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _c.Dispose();

    private void Run(Action<int, int> slice)
    {
        var threads = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var start = (t * 131_071) & ((1 << 20) - 1);
            threads[t] = new Thread(() => slice(start, OpsPerThread));
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Threads * OpsPerThread)]
    public void Dictionary() => Run((start, count) =>
    {
        var cache = _c.Dictionary;
        for (var i = 0; i < count; i++)
        {
            var k = _trace[(start + i) & ((1 << 20) - 1)];
            if (!(cache.TryGetValue(_keys[k], out var e) && e.IsFresh))
            {
                cache[_keys[k]] = Candidates<UserKey>.Entry(_values[k]);
            }
        }
    });

    [Benchmark(OperationsPerInvoke = Threads * OpsPerThread)]
    public void BitFasterLru() => Run((start, count) =>
    {
        var cache = _c.Lru;
        for (var i = 0; i < count; i++)
        {
            var k = _trace[(start + i) & ((1 << 20) - 1)];
            if (!(cache.TryGet(_keys[k], out var e) && e.IsFresh))
            {
                cache.AddOrUpdate(_keys[k], Candidates<UserKey>.Entry(_values[k]));
            }
        }
    });

    [Benchmark(OperationsPerInvoke = Threads * OpsPerThread)]
    public void BitFasterTLru() => Run((start, count) =>
    {
        var cache = _c.TLru;
        for (var i = 0; i < count; i++)
        {
            var k = _trace[(start + i) & ((1 << 20) - 1)];
            if (!cache.TryGet(_keys[k], out _))
            {
                cache.AddOrUpdate(_keys[k], _values[k]);
            }
        }
    });

    [Benchmark(OperationsPerInvoke = Threads * OpsPerThread)]
    public void BitFasterLruExpireAfter() => Run((start, count) =>
    {
        var cache = _c.LruExpireAfter;
        for (var i = 0; i < count; i++)
        {
            var k = _trace[(start + i) & ((1 << 20) - 1)];
            if (!cache.TryGet(_keys[k], out _))
            {
                cache.AddOrUpdate(_keys[k], Candidates<UserKey>.Entry(_values[k]));
            }
        }
    });

    [Benchmark(OperationsPerInvoke = Threads * OpsPerThread)]
    public void BitFasterLfu() => Run((start, count) =>
    {
        var cache = _c.Lfu;
        for (var i = 0; i < count; i++)
        {
            var k = _trace[(start + i) & ((1 << 20) - 1)];
            if (!(cache.TryGet(_keys[k], out var e) && e.IsFresh))
            {
                cache.AddOrUpdate(_keys[k], Candidates<UserKey>.Entry(_values[k]));
            }
        }
    });

    [Benchmark(OperationsPerInvoke = Threads * OpsPerThread)]
    public void MemoryCache() => Run((start, count) =>
    {
        var cache = _c.Memory;
        var options = _c.MemoryOptions;
        for (var i = 0; i < count; i++)
        {
            var k = _trace[(start + i) & ((1 << 20) - 1)];
            if (!cache.TryGetValue(_keys[k], out _))
            {
                cache.Set(_keys[k], _values[k], options);
            }
        }
    });
}
