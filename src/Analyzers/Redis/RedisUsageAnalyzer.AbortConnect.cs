using System;

namespace Caching.Analyzers.Redis;

// REDIS006: reading abortConnect out of a constant connection string.
public sealed partial class RedisUsageAnalyzer
{
    /// <summary>True when some <c>abortConnect=false</c> option is in the string: key case-insensitive, whitespace ignored.</summary>
    internal static bool AbortConnectIsFalse(string connectionString)
    {
        var result = false;
        foreach (var option in connectionString.Split(','))
        {
            var equals = option.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var key = option.Substring(0, equals).Trim();
            if (string.Equals(key, "abortConnect", StringComparison.OrdinalIgnoreCase))
            {
                // The last occurrence wins, as when StackExchange.Redis parses the string.
                result = string.Equals(option.Substring(equals + 1).Trim(), "false", StringComparison.OrdinalIgnoreCase);
            }
        }

        return result;
    }
}
