using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Xunit;

namespace Caching.Resilience.Tests.Security;

/// <summary>
/// Issue 8, security: a redis-server reached over TLS only (a CA made by the test; the client checks the chain
/// against it), as an ACL user confined to the application's prefix and to the commands in docs/operations.md
/// ("The ACL our runtime needs"). Every feature works and Redis refuses none of our commands (ACL LOG stays empty);
/// the dangerous commands and other prefixes are refused to that user; a wrong password leaves the application
/// answering from its cores, and no log holds a password.
/// </summary>
public sealed class TlsAclTests : IAsyncLifetime
{
    private const string User = "cacheapp";
    private const string Prefix = "sec";

    // Distinctive, so a leak anywhere in a log is found by a plain search.
    private readonly string _password = "pw-right-" + Guid.NewGuid().ToString("N");
    private readonly string _wrongPassword = "pw-wrong-" + Guid.NewGuid().ToString("N");
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly SecureAccountDatabase _database = new();
    private SecuredRedis _redis = null!;

    public async Task InitializeAsync()
    {
        _redis = await SecuredRedis.StartAsync();
        await _redis.SetUserAsync(User, _password, [$"resetkeys", $"~{Prefix}:*", "resetchannels", $"&{Prefix}:*", .. RuntimeAcl.CommandRules()]);
        await _redis.ResetAclLogAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task OverTls_AsTheMinimalAclUser_EveryFeatureWorks_AndNoCommandIsRefused()
    {
        var redisLog = new CapturingLoggerFactory();
        var logA = new ListLogger();
        var logB = new ListLogger();
        var storeA = await StoreAsync(_password, logA, redisLog);
        var storeB = await StoreAsync(_password, logB, redisLog);
        var a = new SecureAccountRepository(_database, storeA);
        var b = new SecureAccountRepository(_database, storeB);

        // Reads: a miss, an L1 hit, and a Redis hit in the other process (through the fill lock: DistributedFill on).
        for (var id = 1; id <= 3; id++)
        {
            Assert.Equal(_database.Row(id), await a.GetAccountAsync(id));
            Assert.Equal(_database.Row(id), await a.GetAccountAsync(id));
            Assert.Equal(_database.Row(id), await b.GetAccountAsync(id));
        }

        Assert.Equal(3, a.Reads);
        Assert.Equal(0, b.Reads);
        // L1 takes entries once its pub/sub subscription has carried its own probe (the subscription starts with the first L1 method).
        await WaitUntilAsync(() => Task.FromResult(storeA.LocalReady && storeB.LocalReady), "both L1 subscriptions are up", () => "A:\n" + logA + "\nB:\n" + logB);
        for (var id = 1; id <= 3; id++)
        {
            await b.GetAccountAsync(id);
        }

        // Write-through: stored, and B's L1 copy is evicted over pub/sub.
        var clock = Stopwatch.StartNew();
        await a.SaveAccountAsync(new SecureAccount(1, 2, "renamed"));
        await WaitUntilAsync(async () => (await b.GetAccountAsync(1)).Version == 2, "B sees the write-through");
        var pubSubMs = clock.ElapsedMilliseconds;
        Assert.True(b.Reads == 0, $"B read the written value from its core ({b.Reads}), not from Redis. ACL LOG: {string.Join("; ", await _redis.AclLogAsync())} A: {logA} B: {logB}");

        // Key invalidation (the marker), then tag invalidation (a new stamp), both seen by B.
        await a.CloseAccountAsync(2);
        await WaitUntilAsync(async () => (await b.GetAccountAsync(2)).Owner == "closed", "B sees the invalidation");
        await a.RenameAllAsync("*");
        await WaitUntilAsync(async () => (await b.GetAccountAsync(3)).Owner == "owner 3*", "B sees the tag invalidation");

        // Hash layout, compression: a miss then a hit.
        Assert.Equal(new SecureBadge(7, "badge 7"), await a.GetBadgeAsync(7));
        Assert.Equal(new SecureBadge(7, "badge 7"), await b.GetBadgeAsync(7));
        Assert.Equal(1, a.BadgeReads + b.BadgeReads);
        Assert.Equal(await a.GetStatementAsync(8), await b.GetStatementAsync(8));

        // Write-behind: queued (the core has not run), then run by the worker, which reads the stream as a group.
        var writes = a.Writes;
        await a.SaveAccountLaterAsync(new SecureAccount(4, 5, "later"));
        Assert.Equal(writes, a.Writes);
        await using (var worker = new WriteBehindWorker(storeA, SecureAccountRepository.WriteBehindHandlers(a), new WriteBehindWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) }))
        {
            await worker.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => Task.FromResult(_database.Row(4).Owner == "later"), "the worker runs the queued call");
            await worker.StopAsync(CancellationToken.None);
        }

        // Pattern invalidation (SCAN + UNLINK, within the prefix).
        Assert.True(await storeA.InvalidatePatternAsync("acct:badge:*") >= 1);

        // The Lua primitives (a counter, a versioned set), the rate limiter (a sorted set, Redis's TIME; fail-closed,
        // so a refused script would show as a refusal) and the IDistributedCache (hashes) as this user.
        Assert.Equal(3, await storeA.IncrementAsync(storeA.KeyPrefix + "counter", 3, TimeSpan.FromMinutes(1)));
        Assert.True(await storeA.SetIfNewerAsync(storeA.KeyPrefix + "versioned", 2, "v2", TimeSpan.FromMinutes(1)));
        Assert.False(await storeA.SetIfNewerAsync(storeA.KeyPrefix + "versioned", 1, "v1", TimeSpan.FromMinutes(1)));
        Assert.Equal("v2", (string?)(await storeA.GetVersionedAsync(storeA.KeyPrefix + "versioned"))?.Value);
        using (var limiter = new RedisSlidingWindowRateLimiter(storeA, new RedisSlidingWindowRateLimiterOptions
        {
            PermitLimit = 2,
            Window = TimeSpan.FromMinutes(1),
            Key = "limit",
            FailureMode = RedisRateLimiterFailureMode.FailClosed,
        }))
        {
            Assert.True((await limiter.AcquireAsync(2)).IsAcquired);
            Assert.False((await limiter.AcquireAsync(1)).IsAcquired);
        }

        var distributed = new RedisDistributedCache(storeA);
        await distributed.SetAsync("session", [1, 2, 3], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        await distributed.RefreshAsync("session");
        Assert.Equal([1, 2, 3], await distributed.GetAsync("session"));
        await distributed.RemoveAsync("session");
        Assert.Null(await distributed.GetAsync("session"));

        // The health check (PING, INFO) as this user.
        var health = await new RedisCacheHealthCheck(storeA, new RedisCacheHealthOptions { LatencyDegraded = TimeSpan.FromSeconds(5) })
            .CheckHealthAsync(new HealthCheckContext());
        Assert.True(health.Status == HealthStatus.Healthy, $"{health.Status}: {health.Description} {string.Join(", ", health.Data.Select(d => d.Key + "=" + d.Value))}");
        Assert.DoesNotContain(health.Data.Keys, k => k.EndsWith(":info", StringComparison.Ordinal));
        // The write-behind stream is the one key without a TTL, durable on purpose: not a reason to be Degraded.
        var endpoint = "127.0.0.1:" + _redis.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1L, (long)health.Data[endpoint + ":write_behind_streams"]);
        Assert.Equal(0L, (long)health.Data[endpoint + ":keys_without_ttl"]);

        // Nothing went wrong on the way, and Redis refused nothing we sent.
        Assert.False(logA.EventNames.Concat(logB.EventNames).Any(e => e is not ("SubscriptionReady" or "Started" or "Stopped" or "Draining")),
            "A:\n" + logA + "\nB:\n" + logB);
        var refusals = await _redis.AclLogAsync();
        Assert.True(refusals.Length == 0, "ACL LOG:\n" + string.Join("\n", refusals));
        AssertNoSecret(logA.ToString(), logB.ToString(), redisLog.Text, storeA.ToString() ?? "");
        Console.WriteLine($"TLS + ACL: every feature passed; write-through seen by the other process's L1 after {pubSubMs} ms");
    }

    [Fact]
    public async Task TheAclUser_IsRefusedTheDangerousCommands_AndOtherPrefixes()
    {
        var options = _redis.AppOptions(User, _password);
        options.CommandMap = CommandMap.Default; // send CONFIG, so that the server is the one refusing it
        var connection = await ConnectAsync(options);
        var database = connection.GetDatabase();
        await database.PingAsync();
        await _redis.ResetAclLogAsync(); // the handshake's CONFIG GET (sent here on purpose) is not what this test counts

        string[][] refused =
        [
            ["KEYS", "*"], ["FLUSHALL"], ["FLUSHDB"], ["CONFIG", "GET", "maxmemory"], ["DEBUG", "SLEEP", "0"],
            ["GET", "other:key"], ["SET", "other:key", "x"], ["PUBLISH", "other:channel", "x"], ["ACL", "WHOAMI"],
        ];
        foreach (var command in refused)
        {
            var error = await Assert.ThrowsAsync<RedisServerException>(() => database.ExecuteAsync(command[0], (ICollection<object>)command.Skip(1).Cast<object>().ToList()));
            Assert.StartsWith("NOPERM", error.Message, StringComparison.Ordinal);
        }

        var log = await _redis.AclLogAsync();
        var count = log.Sum(e => int.Parse(e[(e.LastIndexOf(", ", StringComparison.Ordinal) + 2)..e.LastIndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(refused.Length == count, "ACL LOG:\n" + string.Join("\n", log));
    }

    [Fact]
    public async Task WrongPassword_TheCoresAnswer_NoException_AndNoLogHoldsAPassword()
    {
        var redisLog = new CapturingLoggerFactory();
        var log = new ListLogger();
        var failures = new List<string>();
        var options = _redis.AppOptions(User, _wrongPassword, redisLog);
        var connection = await ConnectAsync(options);
        connection.ConnectionFailed += (_, e) => failures.Add($"{e.FailureType} {e.Exception}");
        var store = new RedisCacheStore(connection, new RedisCacheStoreOptions { KeyPrefix = Prefix, DistributedFill = { Enabled = true } }, log);
        var repository = new SecureAccountRepository(_database, store);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(_database.Row(1), await repository.GetAccountAsync(1));
        }

        await repository.SaveAccountAsync(new SecureAccount(1, 9, "saved without Redis"));
        await repository.RenameAllAsync("?");
        clock.Stop();
        Assert.Equal(20, repository.Reads);
        Assert.False(connection.IsConnected);
        Console.WriteLine($"wrong password: 20 reads and 2 writes answered in {clock.ElapsedMilliseconds} ms; log: {string.Join(", ", log.EventNames.Distinct())}");

        var statusText = connection.GetStatus();
        AssertNoSecret(log.ToString(), redisLog.Text, string.Join("\n", failures), statusText);
        Assert.NotEmpty(log.EventNames); // the failures were logged, and logged without a secret
        Assert.Contains(await _redis.AclLogAsync(), e => e.StartsWith("auth", StringComparison.Ordinal));
    }

    /// <summary>
    /// A client that forgets TLS, or trusts another CA than the server's, never talks to Redis: the cores answer,
    /// nothing is cached, and Redis never sees a command.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlaintextToTheTlsPort_OrAnUntrustedCertificate_TheCoresAnswer(bool tlsWithAnotherCa)
    {
        using var otherAuthority = TestCertificateAuthority.Create();
        var options = _redis.AppOptions(User, _password, trust: tlsWithAnotherCa ? otherAuthority : null);
        options.Ssl = tlsWithAnotherCa;

        var log = new ListLogger();
        var connection = await ConnectAsync(options);
        var repository = new SecureAccountRepository(_database, new RedisCacheStore(connection, new RedisCacheStoreOptions { KeyPrefix = Prefix }, log));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(_database.Row(5), await repository.GetAccountAsync(5));
        }

        clock.Stop();
        Assert.Equal(5, repository.Reads);
        Assert.False(connection.IsConnected);
        Assert.Empty(await _redis.AclLogAsync()); // it never got as far as a command
        Console.WriteLine($"{(tlsWithAnotherCa ? "untrusted certificate" : "plaintext to the TLS port")}: 5 calls answered by the core in {clock.ElapsedMilliseconds} ms");
    }

    private async Task<RedisCacheStore> StoreAsync(string password, ListLogger log, CapturingLoggerFactory redisLog)
        => new(await ConnectAsync(_redis.AppOptions(User, password, redisLog)), new RedisCacheStoreOptions
        {
            KeyPrefix = Prefix,
            DistributedFill = { Enabled = true },
        }, log);

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        _connections.Add(connection);
        return connection;
    }

    private void AssertNoSecret(params string[] texts)
    {
        for (var i = 0; i < texts.Length; i++)
        {
            var text = "text #" + i + ": " + texts[i];
            Assert.DoesNotContain(_password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(_wrongPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain("pw-right-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("pw-wrong-", text, StringComparison.Ordinal);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<string>? explain = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Not within 5 s: {what}. {explain?.Invoke()}");
    }
}
