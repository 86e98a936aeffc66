using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Caching.TestSupport;

namespace Caching.Runtime.Tests.Support;

/// <summary>
/// The per-command call counters of one redis-server (<c>INFO commandstats</c>), read over a fresh connection so
/// the reading never goes through the multiplexer under test. Tests compare two readings.
/// </summary>
internal sealed class CommandStats
{
    private readonly Dictionary<string, long> _calls;

    private CommandStats(Dictionary<string, long> calls) => _calls = calls;

    public static async Task<CommandStats> ReadAsync(int port)
    {
        var info = await RedisProbe.SendAsync(port, TimeSpan.FromSeconds(10), "INFO", "commandstats") ?? "";
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in info.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            // cmdstat_mget:calls=3,usec=20,usec_per_call=6.67,rejected_calls=0,failed_calls=0
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line.Substring("cmdstat_".Length, colon - "cmdstat_".Length);
            var field = line.Substring(colon + 1).Split(',').First(f => f.StartsWith("calls=", StringComparison.Ordinal));
            calls[name] = long.Parse(field.AsSpan("calls=".Length), CultureInfo.InvariantCulture);
        }

        return new CommandStats(calls);
    }

    public static async Task<CommandStats[]> ReadAsync(IEnumerable<int> ports)
        => await Task.WhenAll(ports.Select(ReadAsync));

    public long Calls(string command) => _calls.GetValueOrDefault(command);

    /// <summary>How many more times <paramref name="command"/> ran at <paramref name="after"/> than here.</summary>
    public long Delta(CommandStats after, string command) => after.Calls(command) - Calls(command);

    /// <summary>Every command whose count grew, with its growth.</summary>
    public IReadOnlyDictionary<string, long> Deltas(CommandStats after)
        => after._calls.Where(c => c.Value != Calls(c.Key)).ToDictionary(c => c.Key, c => c.Value - Calls(c.Key));

    /// <summary>The scripts run: EVAL plus EVALSHA.</summary>
    public long ScriptDelta(CommandStats after) => Delta(after, "eval") + Delta(after, "evalsha");

    public static string Describe(IReadOnlyDictionary<string, long> deltas)
        => string.Join(", ", deltas.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}+{d.Value}"));
}
