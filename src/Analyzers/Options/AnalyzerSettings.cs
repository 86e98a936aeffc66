using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Analyzers.Options;

/// <summary>The Redis deployment the code talks to, as the user declared it; <see cref="Unknown"/> when not declared.</summary>
internal enum RedisTopology
{
    /// <summary>Not declared: rules that depend on it stay quiet or report as suggestions.</summary>
    Unknown,

    /// <summary>One primary (with or without replicas or Sentinel): every key lives on one server.</summary>
    Standalone,

    /// <summary>Redis Cluster: keys are spread over slots, and multi-key commands need one slot.</summary>
    Cluster,
}

/// <summary>
/// What the analyzers cannot see in code and read from configuration instead: <c>.editorconfig</c> keys for the
/// file being analysed, then MSBuild properties the package makes visible to analyzers (<c>build_property.*</c>).
/// A rule that depends on a value it cannot read stays quiet rather than guess.
/// </summary>
internal static class AnalyzerSettings
{
    /// <summary><c>caching_redis.topology = cluster | standalone</c>.</summary>
    public const string TopologyKey = "caching_redis.topology";

    /// <summary><c>caching.default_ttl = 00:10:00</c> (a TimeSpan) or a number of seconds; used by code fixes that add an expiry.</summary>
    public const string DefaultTtlKey = "caching.default_ttl";

    /// <summary><c>caching_redis.server_version = 7.2</c>: the oldest Redis server the code runs against.</summary>
    public const string ServerVersionKey = "caching_redis.server_version";

    /// <summary>MSBuild <c>CachingRedisTopology</c>, the project-wide form of <see cref="TopologyKey"/>.</summary>
    public const string TopologyProperty = "build_property.CachingRedisTopology";

    /// <summary>MSBuild <c>RedisMinServerVersion</c>, the property StackExchange.Redis's own analyzers read.</summary>
    public const string ServerVersionProperty = "build_property.RedisMinServerVersion";

    /// <summary>MSBuild <c>IsTestProject</c>, set by Microsoft.NET.Test.Sdk.</summary>
    public const string IsTestProjectProperty = "build_property.IsTestProject";

    /// <summary>The declared topology for <paramref name="tree"/>; <see cref="RedisTopology.Unknown"/> when none is.</summary>
    public static RedisTopology Topology(AnalyzerOptions options, SyntaxTree tree)
    {
        var value = Read(options, tree, TopologyKey) ?? Read(options, tree, TopologyProperty);
        return value?.Trim().ToLowerInvariant() switch
        {
            "cluster" => RedisTopology.Cluster,
            "standalone" => RedisTopology.Standalone,
            _ => RedisTopology.Unknown,
        };
    }

    /// <summary>True when the project is a test project (MSBuild <c>IsTestProject</c> is true).</summary>
    public static bool IsTestProject(AnalyzerOptions options)
        => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(IsTestProjectProperty, out var value)
            && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The declared default TTL for <paramref name="tree"/>, or null when none (or an unreadable or non-positive one) is declared.</summary>
    public static TimeSpan? DefaultTtl(AnalyzerOptions options, SyntaxTree tree) => ParseDuration(Read(options, tree, DefaultTtlKey));

    /// <summary>The oldest server version declared for <paramref name="tree"/>, or null.</summary>
    public static Version? ServerVersion(AnalyzerOptions options, SyntaxTree tree)
    {
        var value = Read(options, tree, ServerVersionKey) ?? Read(options, tree, ServerVersionProperty);
        if (value is null)
        {
            return null;
        }

        value = value.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            return new Version(major, 0);
        }

        return Version.TryParse(value, out var version) ? version : null;
    }

    /// <summary>A TimeSpan (<c>00:10:00</c>) or a whole number of seconds; null when neither or not positive.</summary>
    internal static TimeSpan? ParseDuration(string? value)
    {
        if (value is null)
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds > 0 && seconds <= int.MaxValue ? TimeSpan.FromSeconds(seconds) : null;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }

    private static string? Read(AnalyzerOptions options, SyntaxTree tree, string key)
    {
        // A tree's options include the global ones, but an options provider built by hand may not merge them.
        if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        return options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }
}
