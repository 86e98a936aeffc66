using System;
using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS013: <c>KeyDelete</c>, <c>Publish</c> or <c>StringSet</c> (sync or async, on a database, transaction, batch
/// or subscriber) sent with a constant <c>CommandFlags</c> that includes <c>FireAndForget</c>: an invalidation or a
/// cache write whose failure nobody sees.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FireAndForgetWriteAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RedisFireAndForget);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (RedisSymbols.Resolve(start.Compilation) is not { } symbols
                || FireAndForgetValue(symbols.CommandFlags) is not { } fireAndForget)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, symbols, fireAndForget), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, RedisSymbols symbols, long fireAndForget)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "KeyDelete":
            case "KeyDeleteAsync":
            case "StringSet":
            case "StringSetAsync":
                if (!symbols.IsDatabaseMethod(method))
                {
                    return;
                }

                break;
            case "Publish":
            case "PublishAsync":
                if (!symbols.IsDatabaseMethod(method) && !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.Subscriber))
                {
                    return;
                }

                break;
            default:
                return;
        }

        if (RedisArguments.Named(invocation, "flags") is { ArgumentKind: ArgumentKind.Explicit } flags
            && SymbolEqualityComparer.Default.Equals(flags.Parameter?.Type, symbols.CommandFlags)
            && flags.Value.ConstantValue is { HasValue: true, Value: { } value }
            && (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) & fireAndForget) != 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisFireAndForget, flags.Value.Syntax.GetLocation(), method.Name));
        }
    }

    private static long? FireAndForgetValue(INamedTypeSymbol commandFlags)
    {
        foreach (var member in commandFlags.GetMembers("FireAndForget"))
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: { } value })
            {
                var bits = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                return bits == 0 ? null : bits;
            }
        }

        return null;
    }
}
