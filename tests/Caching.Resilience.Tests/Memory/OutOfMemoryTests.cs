using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Resilience.Tests.Memory;

/// <summary>
/// Issue 8, memory pressure: a private redis-server with <c>--maxmemory 2mb --maxmemory-policy noeviction</c>, filled
/// by another client until every SET is refused with OOM. Then, through generated repositories: a fill whose SET
/// fails still returns the core's value; write-through, key invalidation, tag invalidation and write-behind never
/// throw to the caller and keep what the design promises (the stale entry is deleted, or the failure is logged as an
/// error); caching resumes once memory is freed; and a SCAN over our prefix finds no key without a TTL but the
/// write-behind stream, which is a durable queue by design.
/// </summary>
public sealed class OutOfMemoryTests : IAsyncLifetime
{
    private const string FillerPrefix = "filler:";

    private readonly string _prefix = "oom" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly MemoryDocDatabase _database = new();
    private RedisServer _server = null!;
    private IDatabase _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync("--maxmemory", "2mb", "--maxmemory-policy", "noeviction");
        _admin = (await ConnectAsync()).GetDatabase();
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Oom_ReadsAndWritesAnswerFromTheCore_NeverThrow_AndLeaveNoKeyWithoutTtl()
    {
        // Two processes that share the database and Redis; C-style fresh processes are made on demand.
        var logA = new ListLogger();
        var storeA = await StoreAsync(logA, distributedFill: true);
        var a = new MemoryDocRepository(_database, storeA);
        var logB = new ListLogger();
        var b = new MemoryDocRepository(_database, await StoreAsync(logB));

        // Before: entries, a tag stamp, a write-behind call queued (no worker runs here, so it stays queued).
        foreach (var id in new[] { 1, 2, 3 })
        {
            Assert.Equal(a.Row(id), await a.GetDocAsync(id));
            Assert.Equal(b.Row(id), await b.GetDocAsync(id)); // B holds them in L1 too
        }

        await a.RewriteAllAsync();
        foreach (var id in new[] { 1, 2, 3 })
        {
            await a.GetDocAsync(id);
        }

        await a.SaveDocLaterAsync(new MemoryDoc(4, 2, "queued before OOM"));
        Assert.Equal(0, a.Writes - 1); // RewriteAll's core only: the write-behind call is queued
        Assert.NotNull(await a.GetCardAsync(1));
        Assert.NotEmpty(await a.GetTextAsync(1));
        Assert.Equal(8, a.Reads);

        var fillerKeys = await FillUntilOomAsync();
        Console.WriteLine($"OOM after {fillerKeys} filler keys of 8 KB; {await UsedMemoryAsync()}");

        // 1. A fill whose SET is refused: the core's value, no exception, nothing cached, logged as WriteFailed.
        var logC = new ListLogger();
        var c = new MemoryDocRepository(_database, await StoreAsync(logC, localCache: false));
        Assert.Equal(c.Row(10), await c.GetDocAsync(10));
        Assert.Equal(c.Row(10), await c.GetDocAsync(10));
        Assert.Equal(2, c.Reads);
        Assert.Empty(await KeysAsync("*doc:10#*"));
        Assert.Contains("WriteFailed", logC.EventNames);

        // The hash layout's fill script (DEL, HSET, PEXPIRE) and a compressed fill: the core's value, nothing cached.
        Assert.Equal(new MemoryDocCard(12, "card 12"), await c.GetCardAsync(12));
        Assert.Equal(new MemoryDocCard(12, "card 12"), await c.GetCardAsync(12));
        Assert.Equal(await a.GetTextAsync(1), await c.GetTextAsync(13) is { } text ? text.Replace("13", "1", StringComparison.Ordinal) : null);
        Assert.Equal(5, c.Reads);
        Assert.Empty(await KeysAsync("*card:12#*"));
        Assert.Empty(await KeysAsync("*text:13#*"));

        // 2. Write-through refused: no exception; the older entry is deleted (not served), and B's L1 drops it.
        await a.SaveDocAsync(new MemoryDoc(1, 2, "saved under OOM"));
        Assert.Equal(2, a.Writes);
        Assert.Empty(await KeysAsync("*doc:1#*"));
        var fresh = new MemoryDocRepository(_database, await StoreAsync(new ListLogger(), localCache: false));
        Assert.Equal(new MemoryDoc(1, 2, "saved under OOM"), await ReadThroughAsync(fresh, 1));
        await WaitUntilAsync(async () => (await b.GetDocAsync(1)).Version == 2, "B's L1 drops doc 1 after the write-through");

        // 3. Key invalidation refused (the marker is a SET): the entry is deleted instead (DEL is allowed under OOM).
        await a.DeleteDocAsync(2);
        Assert.Empty(await KeysAsync("*doc:2#*"));
        Assert.Equal("deleted", (await ReadThroughAsync(fresh, 2)).Body);
        await WaitUntilAsync(async () => (await b.GetDocAsync(2)).Body == "deleted", "B's L1 drops doc 2 after the invalidation");

        // 4. Tag invalidation refused (the stamp is a SET): never thrown, never silent: an error naming the tag,
        // and the invalidation is kept to be replayed once Redis takes writes again (resilience.md).
        var tagFailuresBefore = logA.EventNames.Count(e => e == "InvalidateTagFailed");
        await a.RewriteAllAsync();
        Assert.Equal(tagFailuresBefore + 1, logA.EventNames.Count(e => e == "InvalidateTagFailed"));
        Assert.Equal(1, storeA.PendingInvalidationCount);
        Assert.Contains("'mem-docs'", logA.ToString(), StringComparison.Ordinal);
        var doc3 = Assert.Single(await KeysAsync("*doc:3#*"));
        Assert.InRange(await _admin.KeyTimeToLiveAsync(doc3) ?? TimeSpan.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));

        // 5. Write-behind refused (XADD is refused): the core runs now, in the caller's flow; nothing is lost.
        var writesBefore = a.Writes;
        await a.SaveDocLaterAsync(new MemoryDoc(5, 2, "behind under OOM"));
        Assert.Equal(writesBefore + 1, a.Writes);
        Assert.Equal(new MemoryDoc(5, 2, "behind under OOM"), a.Row(5));
        Assert.Contains("EnqueueFailed", logA.EventNames);

        // 6. The distributed fill lock refused (SET NX PX): the core answers at once.
        var logD = new ListLogger();
        var d = new MemoryDocRepository(_database, await StoreAsync(logD, localCache: false, distributedFill: true));
        Assert.Equal(d.Row(11), await d.GetDocAsync(11));
        Assert.Equal(1, d.Reads);
        Assert.Contains("FillLockFailed", logD.EventNames);
        Assert.Empty(await KeysAsync("*doc:11#*"));

        // Nothing above threw; now free the memory: caching resumes without a restart, and the kept tag
        // invalidation is replayed, so doc 3's entry, tagged before it, is no longer served.
        await FreeFillersAsync();
        // The count drops as each replay succeeds; the log line follows the round.
        await WaitUntilAsync(() => Task.FromResult(storeA.PendingInvalidationCount == 0 && logA.EventNames.Contains("InvalidationsReplayed")),
            "the tag invalidation is replayed", TimeSpan.FromSeconds(15));
        var afterReplay = new MemoryDocRepository(_database, await StoreAsync(new ListLogger(), localCache: false));
        await afterReplay.GetDocAsync(3);
        Assert.Equal(1, afterReplay.Reads);
        var logE = new ListLogger();
        var e = new MemoryDocRepository(_database, await StoreAsync(logE, localCache: false));
        Assert.Equal(e.Row(10), await e.GetDocAsync(10));
        Assert.Equal(e.Row(10), await e.GetDocAsync(10));
        Assert.True(e.Reads == 1, $"{e.Reads} reads of doc 10 after memory was freed; {await UsedMemoryAsync()}; E:\n{logE}\nA:\n{logA}");

        // At the end: every key of ours has a TTL, but the write-behind stream (a durable queue: docs/design/writes.md).
        var ours = await KeysAsync("*");
        Assert.NotEmpty(ours);
        var withoutTtl = new List<string>();
        foreach (var key in ours)
        {
            if (await _admin.KeyTimeToLiveAsync(key) is null)
            {
                withoutTtl.Add($"{key} ({await _admin.KeyTypeAsync(key)})");
            }
        }

        Assert.Equal([$"{_prefix}:writebehind (Stream)"], withoutTtl);
        Console.WriteLine($"keys of ours at the end: {ours.Count}; without a TTL: {string.Join(", ", withoutTtl)}");
        Console.WriteLine("A log: " + string.Join(", ", logA.EventNames));
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connection = await _server.ConnectAsync();
        _connections.Add(connection);
        return connection;
    }

    private async Task<RedisCacheStore> StoreAsync(ListLogger log, bool localCache = true, bool distributedFill = false)
        => new(await ConnectAsync(), new RedisCacheStoreOptions
        {
            KeyPrefix = _prefix,
            LocalCache = localCache,
            DistributedFill = { Enabled = distributedFill },
        }, log);

    // Writes 8 KB values under another prefix (with a TTL, as any good citizen) until Redis refuses with OOM.
    private async Task<int> FillUntilOomAsync()
    {
        var value = new byte[8 * 1024];
        for (var i = 0; i < 10_000; i++)
        {
            try
            {
                await _admin.StringSetAsync(FillerPrefix + i, value, TimeSpan.FromHours(1));
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("OOM", StringComparison.Ordinal))
            {
                // Right at the limit, freed client buffers can let a small write through now and then; a limit well
                // below what is used keeps every write refused for the rest of the test.
                var used = long.Parse(InfoField(await UsedMemoryAsync(), "used_memory"), System.Globalization.CultureInfo.InvariantCulture);
                await _admin.ExecuteAsync("CONFIG", "SET", "maxmemory", (used - 256 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return i;
            }
        }

        throw new InvalidOperationException("Redis never refused a write: is maxmemory set?");
    }

    private async Task FreeFillersAsync()
    {
        // Room to spare, not the 2 MB the server started with: the test's dozen connections, scripts and buffers
        // alone keep used_memory near 2 MB (seen at 2,116,616 bytes once the fillers were gone), so a fill could
        // still be refused at random.
        await _admin.ExecuteAsync("CONFIG", "SET", "maxmemory", "64mb");
        var server = _admin.Multiplexer.GetServers().Single();
        await foreach (var key in server.KeysAsync(pattern: FillerPrefix + "*", pageSize: 1000))
        {
            await _admin.KeyDeleteAsync(key);
        }
    }

    private async Task<string> UsedMemoryAsync()
    {
        var info = (string?)await _admin.ExecuteAsync("INFO", "memory");
        return string.Join(", ", info!.Split("\r\n").Where(l => l.StartsWith("used_memory:", StringComparison.Ordinal) || l.StartsWith("maxmemory:", StringComparison.Ordinal)));
    }

    private static string InfoField(string fields, string name)
        => fields.Split(", ").Single(f => f.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    private async Task<List<RedisKey>> KeysAsync(string pattern)
    {
        var server = _admin.Multiplexer.GetServers().Single();
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: _prefix + ":" + pattern, pageSize: 1000))
        {
            keys.Add(key);
        }

        return keys;
    }

    // A process without L1 reading through Redis: its core answers (nothing cached under OOM).
    private static async Task<MemoryDoc> ReadThroughAsync(MemoryDocRepository repository, int id) => await repository.GetDocAsync(id);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(5)))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Not within {(timeout ?? TimeSpan.FromSeconds(5)).TotalSeconds} s: {what}.");
    }
}
