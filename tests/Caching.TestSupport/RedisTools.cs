using System;
using System.IO;

namespace Caching.TestSupport;

/// <summary>Finds the Redis binaries on PATH, with an error that says how to get them.</summary>
public static class RedisTools
{
    /// <summary>The full path of <c>redis-server</c>.</summary>
    public static string RedisServer => Find("redis-server");

    /// <summary>The full path of <c>redis-cli</c> (needed to create a cluster).</summary>
    public static string RedisCli => Find("redis-cli");

    private static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' was not found on PATH. These tests start their own Redis; install it with " +
            "`apt-get install -y redis-server redis-tools` (Debian/Ubuntu).");
    }
}
