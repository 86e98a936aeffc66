using System;
using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS018: a SCAN or KEYS match pattern (<c>IServer.Keys[Async]</c>, <c>IDatabase.SetScan</c>, <c>HashScan</c>,
/// <c>HashScanNoValues</c>, <c>SortedSetScan</c> and their async forms) built at the call from a text value that
/// was not escaped, so <c>*</c>, <c>?</c>, <c>[</c> or <c>\</c> in it widen the match; and a constant page size
/// under 100, which turns one walk into many more round trips.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScanPatternAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The smallest page size not reported; StackExchange.Redis defaults to 250, SCAN itself to 10.</summary>
    internal const int MinimumPageSize = 100;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisScanPattern);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (RedisCallSymbols.Resolve(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, RedisCallSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!IsScan(invocation.TargetMethod, symbols))
        {
            return;
        }

        if (RedisCallSymbols.Argument(invocation, "pattern") is { ArgumentKind: ArgumentKind.Explicit } pattern
            && StringParts.Of(pattern.Value) is { } parts)
        {
            foreach (var part in parts)
            {
                if (part.Hole is { } hole && IsUnescapedText(hole))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.RedisScanPattern,
                        hole.Syntax.GetLocation(),
                        "pattern part",
                        hole.Syntax.ToString(),
                        "is not escaped, so '*', '?', '[' or '\\' in it match other keys; escape it with a helper whose name contains 'Escape' (prefix each of *?[]\\ with '\\'), or use a constant pattern"));
                    break;
                }
            }
        }

        if (RedisCallSymbols.Argument(invocation, "pageSize") is { ArgumentKind: ArgumentKind.Explicit } pageSize
            && pageSize.Value.ConstantValue is { HasValue: true, Value: int size }
            && size < MinimumPageSize)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisScanPattern,
                pageSize.Value.Syntax.GetLocation(),
                "page size",
                size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "makes one round trip per " + size.ToString(System.Globalization.CultureInfo.InvariantCulture) + " keys examined; leave the default (250) or pass at least " + MinimumPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static bool IsScan(IMethodSymbol method, RedisCallSymbols symbols)
    {
        switch (method.Name)
        {
            case "Keys":
            case "KeysAsync":
                return symbols.IsServerMethod(method);
            case "SetScan":
            case "SetScanAsync":
            case "HashScan":
            case "HashScanAsync":
            case "HashScanNoValues":
            case "HashScanNoValuesAsync":
            case "SortedSetScan":
            case "SortedSetScanAsync":
                return symbols.IsDatabaseMethod(method);
            default:
                return false;
        }
    }

    /// <summary>
    /// A hole that can hold glob characters (a string, char, object, RedisValue or RedisKey), is not fixed for the
    /// process, and does not come from a method whose name contains "Escape". Numbers, Guids and enums cannot hold
    /// a glob character and are never reported.
    /// </summary>
    private static bool IsUnescapedText(IOperation hole)
    {
        if (StringParts.IsStable(hole))
        {
            return false;
        }

        var value = StringParts.Unwrap(hole);
        if (value is IInvocationOperation call && call.TargetMethod.Name.IndexOf("Escape", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return false;
        }

        var type = value.Type;
        if (type is null)
        {
            return false;
        }

        return type.SpecialType is SpecialType.System_String or SpecialType.System_Char or SpecialType.System_Object
            || (type.Name is "RedisValue" or "RedisKey" && type.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis");
    }
}
