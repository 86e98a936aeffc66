using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// Reads options out of a constant StackExchange.Redis connection string the way its parser does: options are
/// separated by commas, an option with '=' is a key and a value (both trimmed, the key in any case), and when a key
/// appears twice the last one counts. Used by REDIS014 and REDIS019; nothing here returns the string or a value into
/// a diagnostic, because the string may hold a password.
/// </summary>
internal static class ConnectionStrings
{
    /// <summary>The value of the last <paramref name="key"/> option, trimmed, or null when the key is absent.</summary>
    public static string? LastValue(string connectionString, string key)
    {
        string? result = null;
        foreach (var option in connectionString.Split(','))
        {
            var equals = option.IndexOf('=');
            if (equals >= 0 && string.Equals(option.Substring(0, equals).Trim(), key, StringComparison.OrdinalIgnoreCase))
            {
                result = option.Substring(equals + 1).Trim();
            }
        }

        return result;
    }

    /// <summary>True when the last <paramref name="key"/> option is a boolean true (any case), as StackExchange.Redis reads it.</summary>
    public static bool IsTrue(string connectionString, string key)
        => LastValue(connectionString, key) is { } value && bool.TryParse(value, out var flag) && flag;

    /// <summary>
    /// The constant connection string of <c>ConnectionMultiplexer.Connect</c>, <c>ConnectAsync</c>,
    /// <c>SentinelConnect</c>, <c>SentinelConnectAsync</c> or <c>ConfigurationOptions.Parse</c>: the argument (for
    /// the location) and its value; null for any other call or a string that is not a compile-time constant.
    /// </summary>
    public static (IArgumentOperation Argument, string Value)? ConstantArgument(IInvocationOperation invocation, ConnectionTypes types)
    {
        var method = invocation.TargetMethod;
        if (!method.IsStatic)
        {
            return null;
        }

        var type = method.ContainingType?.OriginalDefinition;
        var connects = SymbolEqualityComparer.Default.Equals(type, types.Multiplexer) && ConnectionTypes.IsConnectMethod(method.Name);
        var parses = SymbolEqualityComparer.Default.Equals(type, types.Options) && method.Name == "Parse";
        if (!connects && !parses)
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Ordinal: 0 } parameter
                && parameter.Type.SpecialType == SpecialType.System_String
                && argument.Value.ConstantValue is { HasValue: true, Value: string value })
            {
                return (argument, value);
            }
        }

        return null;
    }
}

/// <summary>The StackExchange.Redis types the connection rules (REDIS005, REDIS014, REDIS015, REDIS019) need, resolved once per compilation.</summary>
internal sealed class ConnectionTypes
{
    private ConnectionTypes(INamedTypeSymbol multiplexer, INamedTypeSymbol options)
    {
        Multiplexer = multiplexer;
        Options = options;
    }

    /// <summary><c>StackExchange.Redis.ConnectionMultiplexer</c>.</summary>
    public INamedTypeSymbol Multiplexer { get; }

    /// <summary><c>StackExchange.Redis.ConfigurationOptions</c>.</summary>
    public INamedTypeSymbol Options { get; }

    /// <summary>Both types, or null when the compilation does not reference StackExchange.Redis.</summary>
    public static ConnectionTypes? Resolve(Compilation compilation)
    {
        var multiplexer = compilation.GetTypeByMetadataName("StackExchange.Redis.ConnectionMultiplexer");
        var options = compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions");
        return multiplexer is null || options is null ? null : new ConnectionTypes(multiplexer, options);
    }

    /// <summary>The static factories of <c>ConnectionMultiplexer</c> that open connections.</summary>
    public static bool IsConnectMethod(string name)
        => name is "Connect" or "ConnectAsync" or "SentinelConnect" or "SentinelConnectAsync";

    /// <summary>True for a property or event of <c>ConfigurationOptions</c> with <paramref name="name"/>.</summary>
    public bool IsOptionsMember(ISymbol? member, string name)
        => member is not null && member.Name == name && SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, Options);
}
