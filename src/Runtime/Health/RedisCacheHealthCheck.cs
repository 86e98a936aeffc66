using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// Reports the health of a store's Redis: PING latency, used memory against <c>maxmemory</c>, an eviction policy under
/// which keys without a TTL can fill memory (<c>noeviction</c>, <c>volatile-*</c>), and, as data, the server's hit rate
/// and evicted keys from <c>INFO stats</c>. Every primary is checked; the worst one decides.
/// </summary>
public sealed class RedisCacheHealthCheck : IHealthCheck
{
    private readonly IConnectionMultiplexer _multiplexer;
    private readonly RedisCacheStore _store;
    private readonly RedisCacheHealthOptions _options;

    /// <summary>Checks the Redis of <paramref name="store"/> with <paramref name="options"/> (or the defaults).</summary>
    public RedisCacheHealthCheck(RedisCacheStore store, RedisCacheHealthOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _multiplexer = store.Multiplexer;
        _store = store;
        _options = options ?? new RedisCacheHealthOptions();
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var primaries = _multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
        if (primaries.Count == 0)
        {
            return new HealthCheckResult(_options.UnavailableStatus, "No Redis primary is connected; cached methods answer from their cores and nothing is cached.");
        }

        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        try
        {
            foreach (var server in primaries)
            {
                await CheckAsync(server, data, problems).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            return new HealthCheckResult(_options.UnavailableStatus, "Redis did not answer the health check; cached methods answer from their cores.", ex, data);
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("Redis answers.", data)
            : HealthCheckResult.Degraded(string.Join(" ", problems), data: data);
    }

    private async Task CheckAsync(IServer server, Dictionary<string, object> data, List<string> problems)
    {
        var name = server.EndPoint.ToString() ?? "redis";
        var clock = Stopwatch.StartNew();
        await server.PingAsync().ConfigureAwait(false);
        var latency = clock.Elapsed;
        data[name + ":ping_ms"] = Math.Round(latency.TotalMilliseconds, 2);
        if (latency > _options.LatencyDegraded)
        {
            problems.Add($"{name}: PING took {latency.TotalMilliseconds:F1} ms (threshold {_options.LatencyDegraded.TotalMilliseconds:F0} ms).");
        }

        // IServer.InfoAsync refuses to run unless the connection has allowAdmin, which applications rightly leave off;
        // INFO sent as a plain command is not an admin command to Redis. An ACL user may still be denied it: PING
        // answered, so Redis is up, and the figures are only left out.
        Dictionary<string, string> info;
        try
        {
            info = ParseInfo((string?)await server.ExecuteAsync("INFO").ConfigureAwait(false));
        }
        catch (RedisServerException ex)
        {
            data[name + ":info"] = "refused: " + ex.Message;
            return;
        }

        var used = Long(info, "used_memory");
        var max = Long(info, "maxmemory");
        var policy = info.TryGetValue("maxmemory_policy", out var p) ? p : "unknown";
        data[name + ":used_memory"] = used;
        data[name + ":maxmemory"] = max;
        data[name + ":maxmemory_policy"] = policy;
        if (max > 0 && used >= _options.MemoryDegradedRatio * max)
        {
            problems.Add($"{name}: used memory is {used} of maxmemory {max} bytes ({100.0 * used / max:F0} %).");
        }

        // Keys without a TTL cannot be evicted under noeviction or a volatile-* policy: they fill memory until writes fail.
        // The store's own write-behind streams have no TTL on purpose (a TTL would drop queued writes) and stay small
        // (a call is deleted once it ran; dead letters can be capped): they are not what this warning is about. Without
        // this, every application using [WriteBehind] under the default noeviction policy was reported Degraded
        // (found by Resilience.Tests/Security).
        // Looked for only when the warning would fire: EXISTS counts in the keyspace hits and misses reported below.
        var persistent = KeysWithoutTtl(info);
        var evictsNone = policy == "noeviction" || policy.StartsWith("volatile-", StringComparison.Ordinal);
        var ownStreams = persistent > 0 && evictsNone ? await OwnStreamsOnAsync(server).ConfigureAwait(false) : 0;
        persistent = Math.Max(0, persistent - ownStreams);
        data[name + ":keys_without_ttl"] = persistent;
        data[name + ":write_behind_streams"] = ownStreams;
        if (persistent > 0 && evictsNone)
        {
            problems.Add($"{name}: {persistent} keys have no TTL and the eviction policy is {policy}, so they can fill memory until writes fail; use an allkeys-* policy or give every key a TTL.");
        }

        var hits = Long(info, "keyspace_hits");
        var misses = Long(info, "keyspace_misses");
        data[name + ":hit_rate"] = hits + misses == 0 ? 0.0 : Math.Round((double)hits / (hits + misses), 4);
        data[name + ":evicted_keys"] = Long(info, "evicted_keys");
    }

    // How many of the store's write-behind streams (queue, dead letters) exist on this server: EXISTS, then which
    // endpoint answered for the key (on a cluster each stream lives on one primary).
    private async Task<long> OwnStreamsOnAsync(IServer server)
    {
        var database = _store.Database;
        long count = 0;
        try
        {
            foreach (var key in new RedisKey[] { _store.WriteBehindStreamKey, _store.WriteBehindDeadLetterStreamKey })
            {
                if (await database.KeyExistsAsync(key).ConfigureAwait(false)
                    && Equals(await database.IdentifyEndpointAsync(key).ConfigureAwait(false), server.EndPoint))
                {
                    count++;
                }
            }
        }
        catch (RedisServerException)
        {
            // An ACL user without EXISTS: count every key without a TTL, as before.
            return 0;
        }

        return count;
    }

    // INFO's reply: "# Section" headers and "field:value" lines.
    private static Dictionary<string, string> ParseInfo(string? text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? "").Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#'))
            {
                fields.TryAdd(line[..colon], line[(colon + 1)..].TrimEnd('\r'));
            }
        }

        return fields;
    }

    // INFO keyspace: "db0" => "keys=10,expires=4,avg_ttl=0".
    private static long KeysWithoutTtl(Dictionary<string, string> info)
    {
        long total = 0;
        foreach (var (key, value) in info)
        {
            if (!key.StartsWith("db", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = value.Split(',').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
            total += Parse(fields.GetValueOrDefault("keys")) - Parse(fields.GetValueOrDefault("expires"));
        }

        return total;
    }

    private static long Long(Dictionary<string, string> info, string key) => Parse(info.GetValueOrDefault(key));

    private static long Parse(string? value) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
