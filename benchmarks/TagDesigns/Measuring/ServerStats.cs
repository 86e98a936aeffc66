using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace TagDesigns.Measuring;

/// <summary>
/// What the servers themselves report, read over an admin connection of their own: command counts and times
/// (INFO commandstats, which also counts the commands a Lua script runs), the longest single command (SLOWLOG with
/// a threshold of zero), memory (INFO memory) and keys without an expiry (INFO keyspace: keys - expires). For a
/// cluster the figures of every master are added up.
/// </summary>
internal sealed class ServerStats(IServer[] servers)
{
    // The measurement's own commands and the client library's housekeeping, which no design issues.
    private static readonly HashSet<string> Housekeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "info", "config", "slowlog", "ping", "echo", "cluster", "client", "hello", "auth", "select", "subscribe",
        "command", "memory", "flushall", "dbsize", "role", "readonly", "sentinel",
    };

    public async Task FlushAsync()
    {
        foreach (var server in servers)
        {
            await server.FlushAllDatabasesAsync();
        }
    }

    /// <summary>Zeroes the command statistics.</summary>
    public async Task ResetCommandsAsync()
    {
        foreach (var server in servers)
        {
            await server.ConfigResetStatisticsAsync();
        }
    }

    /// <summary>Starts recording every command, with its duration, in the slow log.</summary>
    public async Task StartSlowlogAsync(int slowlogLength)
    {
        foreach (var server in servers)
        {
            await server.ConfigSetAsync("slowlog-log-slower-than", 0);
            await server.ConfigSetAsync("slowlog-max-len", slowlogLength);
            await server.SlowlogResetAsync();
        }
    }

    /// <summary>Puts the slow log back to Redis's defaults, so the recording costs neither time nor memory later.</summary>
    public async Task StopSlowlogAsync()
    {
        foreach (var server in servers)
        {
            await server.ConfigSetAsync("slowlog-log-slower-than", 10_000);
            await server.ConfigSetAsync("slowlog-max-len", 128);
            await server.SlowlogResetAsync();
        }
    }

    /// <summary>Calls per command name since the last reset, without housekeeping; and their total server time.</summary>
    public async Task<CommandCounts> CommandsAsync()
    {
        var calls = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long usec = 0;
        foreach (var server in servers)
        {
            foreach (var (name, fields) in await SectionAsync(server, "commandstats"))
            {
                var command = name.StartsWith("cmdstat_", StringComparison.Ordinal) ? name["cmdstat_".Length..] : name;
                if (Housekeeping.Contains(command.Split('|')[0]))
                {
                    continue;
                }

                var values = fields.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
                calls[command] = calls.GetValueOrDefault(command) + long.Parse(values["calls"], CultureInfo.InvariantCulture);
                usec += long.Parse(values["usec"], CultureInfo.InvariantCulture);
            }
        }

        return new CommandCounts(calls, usec);
    }

    /// <summary>The longest command in the slow log, housekeeping left out; zero when there is none.</summary>
    public async Task<(TimeSpan Duration, string Command)> LongestCommandAsync(int slowlogLength)
    {
        var longest = (Duration: TimeSpan.Zero, Command: "");
        foreach (var server in servers)
        {
            foreach (var trace in await server.SlowlogGetAsync(slowlogLength))
            {
                var name = trace.Arguments.Length > 0 ? trace.Arguments[0].ToString()! : "";
                if (!Housekeeping.Contains(name) && trace.Duration > longest.Duration)
                {
                    longest = (trace.Duration, Describe(trace.Arguments));
                }
            }
        }

        return longest;
    }

    public async Task<long> UsedMemoryAsync()
    {
        long total = 0;
        foreach (var server in servers)
        {
            total += long.Parse((await SectionAsync(server, "memory")).Single(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);
        }

        return total;
    }

    /// <summary>The exact memory of <paramref name="keys"/> (MEMORY USAGE … SAMPLES 0), on a single server.</summary>
    public async Task<long> MemoryUsageAsync(string[] keys)
    {
        long total = 0;
        foreach (var key in keys)
        {
            var usage = await servers.Single().ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
            total += usage.IsNull ? 0 : (long)usage;
        }

        return total;
    }

    /// <summary>Keys, and keys without an expiry, in every database of every server.</summary>
    public async Task<(long Keys, long WithoutTtl)> KeyspaceAsync()
    {
        long keys = 0, persistent = 0;
        foreach (var server in servers)
        {
            foreach (var (_, fields) in await SectionAsync(server, "keyspace"))
            {
                // db0:keys=100001,expires=100001,avg_ttl=599000
                var values = fields.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));
                keys += values["keys"];
                persistent += values["keys"] - values["expires"];
            }
        }

        return (keys, persistent);
    }

    private static async Task<KeyValuePair<string, string>[]> SectionAsync(IServer server, string section)
        => (await server.InfoAsync(section)).SelectMany(g => g).ToArray();

    // The command and its first argument; a long argument list is summarised.
    private static string Describe(RedisValue[] arguments)
        => arguments.Length switch
        {
            0 => "",
            1 => arguments[0].ToString()!,
            2 => $"{arguments[0]} {arguments[1]}",
            _ => $"{arguments[0]} {arguments[1]} … ({arguments.Length - 1} args{(arguments.Length >= 32 ? "+" : "")})",
        };
}
