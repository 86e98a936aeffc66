using System;
using System.Collections.Immutable;
using System.Globalization;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS003: a Redis write that leaves the key with no TTL. <c>StringSet[Async]</c> (single key or MSET form) with no
/// expiry and no keepTtl; <c>HashSet</c>, <c>SetAdd</c>, <c>SortedSetAdd</c> and <c>ListRightPush</c> (and their async
/// forms) when no <c>KeyExpire</c> on the same key expression follows in the same method. A string write is quiet
/// when the method has a <c>KeyExpire</c> on the same key anywhere: after it, the key gets a TTL (REDIS004 reports
/// when that is not atomic); before it, REDIS004 reports the discarded TTL.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteWithoutExpiryAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property holding the default TTL in whole seconds, set only when <c>caching.default_ttl</c> is configured and the fix applies.</summary>
    internal const string ExpirySecondsProperty = "ExpirySeconds";

    /// <summary>Property holding the index, in the argument list, of an explicit <c>expiry</c> argument the fix replaces; absent when the fix appends one.</summary>
    internal const string ExpiryArgumentIndexProperty = "ExpiryArgumentIndex";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RedisWriteWithoutExpiry);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (RedisSymbols.Resolve(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, RedisSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "StringSet":
            case "StringSetAsync":
                if (symbols.IsDatabaseMethod(method))
                {
                    AnalyzeStringSet(context, invocation, symbols);
                }

                return;
            case "HashSet":
            case "HashSetAsync":
            case "SetAdd":
            case "SetAddAsync":
            case "SortedSetAdd":
            case "SortedSetAddAsync":
            case "ListRightPush":
            case "ListRightPushAsync":
                if (symbols.IsDatabaseMethod(method)
                    && RedisArguments.Named(invocation, "key") is { ArgumentKind: ArgumentKind.Explicit } key
                    && !HasKeyExpire(invocation, key.Value.Syntax, symbols, onlyAfter: true))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.RedisWriteWithoutExpiry,
                        invocation.Syntax.GetLocation(),
                        method.Name,
                        "call KeyExpire on the same key after the write, or use a key that is meant to live until deleted"));
                }

                return;
        }
    }

    private static void AnalyzeStringSet(OperationAnalysisContext context, IInvocationOperation invocation, RedisSymbols symbols)
    {
        if (RedisArguments.StringSetExpiry(invocation, symbols.Expiration) != RedisArguments.Expiry.None)
        {
            return;
        }

        var name = invocation.TargetMethod.Name;
        if (RedisArguments.Named(invocation, "key") is { ArgumentKind: ArgumentKind.Explicit } key)
        {
            if (HasKeyExpire(invocation, key.Value.Syntax, symbols, onlyAfter: false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisWriteWithoutExpiry,
                invocation.Syntax.GetLocation(),
                FixProperties(context, invocation),
                name,
                "pass an expiry, as in '" + name + "(key, value, expiry: TimeSpan.FromMinutes(10))'"));
        }
        else if (RedisArguments.Named(invocation, "values") is { ArgumentKind: ArgumentKind.Explicit })
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisWriteWithoutExpiry,
                invocation.Syntax.GetLocation(),
                name,
                "pass an expiry, or write each key with its own expiry"));
        }
    }

    /// <summary>The fix's inputs: the default TTL when one is configured in whole seconds, and where the expiry goes.</summary>
    private static ImmutableDictionary<string, string?> FixProperties(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (AnalyzerSettings.DefaultTtl(context.Options, invocation.Syntax.SyntaxTree) is not { } ttl
            || ttl.Ticks % TimeSpan.TicksPerSecond != 0
            || invocation.Syntax is not InvocationExpressionSyntax syntax)
        {
            return properties;
        }

        if (RedisArguments.Named(invocation, "expiry") is { ArgumentKind: not ArgumentKind.DefaultValue } expiry)
        {
            var index = syntax.ArgumentList.Arguments.IndexOf(a => a == expiry.Syntax);
            if (index < 0)
            {
                return properties;
            }

            properties = properties.Add(ExpiryArgumentIndexProperty, index.ToString(CultureInfo.InvariantCulture));
        }

        return properties.Add(ExpirySecondsProperty, ((long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// True when the member holding <paramref name="write"/> (lambdas and local functions included) calls
    /// <c>KeyExpire[Async]</c> on the same key expression; with <paramref name="onlyAfter"/>, only a call written after it counts.
    /// </summary>
    private static bool HasKeyExpire(IInvocationOperation write, SyntaxNode key, RedisSymbols symbols, bool onlyAfter)
    {
        var root = (IOperation)write;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "KeyExpire" or "KeyExpireAsync" } expire
                && symbols.IsDatabaseMethod(expire.TargetMethod)
                && (!onlyAfter || expire.Syntax.SpanStart > write.Syntax.SpanStart)
                && RedisArguments.Named(expire, "key") is { ArgumentKind: ArgumentKind.Explicit } expireKey
                && RedisUsageAnalyzer.SameKey(key, expireKey.Value.Syntax))
            {
                return true;
            }
        }

        return false;
    }
}
