using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>What an argument of a StackExchange.Redis call says, read from constants only.</summary>
internal static class RedisArguments
{
    /// <summary>Whether a write sets a TTL.</summary>
    internal enum Expiry
    {
        /// <summary>No expiry: the parameter is left out, or passed as null, <c>default</c> or <c>Expiration.Default</c>.</summary>
        None,

        /// <summary>An expiry, or something that keeps the key's TTL (<c>keepTtl: true</c>, <c>Expiration.KeepTtl</c>).</summary>
        Set,

        /// <summary>Not known from the code (a variable that may be null, a non-constant keepTtl).</summary>
        Unknown,
    }

    /// <summary>The argument for the parameter named <paramref name="name"/>, or null.</summary>
    public static IArgumentOperation? Named(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a <c>StringSet[Async]</c> call (single key or MSET form, any overload) sets a TTL or keeps the key's:
    /// reads its <c>expiry</c> (TimeSpan?, or Expiration in 2.13+) and <c>keepTtl</c> arguments.
    /// </summary>
    public static Expiry StringSetExpiry(IInvocationOperation invocation, INamedTypeSymbol? expirationType)
    {
        if (Named(invocation, "keepTtl") is { ArgumentKind: not ArgumentKind.DefaultValue } keepTtl)
        {
            switch (keepTtl.Value.ConstantValue)
            {
                case { HasValue: true, Value: true }:
                    return Expiry.Set;
                case { HasValue: true, Value: false }:
                    break;
                default:
                    return Expiry.Unknown;
            }
        }

        if (Named(invocation, "expiry") is not { } expiry || expiry.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return Expiry.None;
        }

        var value = expiry.Value;
        var isExpiration = expirationType is not null && SymbolEqualityComparer.Default.Equals(expiry.Parameter?.Type, expirationType);
        if (isExpiration)
        {
            return value switch
            {
                IDefaultValueOperation => Expiry.None,
                IPropertyReferenceOperation { Property.Name: "Default", Instance: null } => Expiry.None,
                IPropertyReferenceOperation { Property.Name: "KeepTtl" or "Persist", Instance: null } => Expiry.Set,

                // A TimeSpan or DateTime converted to an Expiration.
                IConversionOperation { Operand.Type: { } from } when from.SpecialType == SpecialType.System_DateTime || from.Name == "TimeSpan" => Expiry.Set,
                IObjectCreationOperation => Expiry.Set,
                _ => Expiry.Unknown,
            };
        }

        while (value is IConversionOperation conversion)
        {
            if (conversion.Operand.Type is { } operandType && operandType.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T && operandType.Name == "TimeSpan")
            {
                // A TimeSpan made nullable: an expiry.
                return Expiry.Set;
            }

            value = conversion.Operand;
        }

        if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation)
        {
            return Expiry.None;
        }

        return value.Type is { } type && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T && type.Name == "TimeSpan"
            ? Expiry.Set
            : Expiry.Unknown;
    }
}
