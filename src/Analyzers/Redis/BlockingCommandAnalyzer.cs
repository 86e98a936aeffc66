using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS020: a blocking server command sent through <c>Execute[Async]</c> of IDatabase, IDatabaseAsync or IServer with
/// a constant command name: the blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX, BLMPOP, BZMPOP),
/// XREAD and XREADGROUP with a constant BLOCK argument, and WAIT with a constant timeout of 0.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCommandAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> BlockingPops = new(StringComparer.OrdinalIgnoreCase)
    {
        "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BZPOPMIN", "BZPOPMAX", "BLMPOP", "BZMPOP",
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RedisBlockingCommand);

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
        if (method.Name is not ("Execute" or "ExecuteAsync")
            || !(symbols.IsDatabaseMethod(method) || SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.Server))
            || RedisArguments.Named(invocation, "command") is not { ArgumentKind: ArgumentKind.Explicit } command
            || command.Value.ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }

        string? what = null;
        if (BlockingPops.Contains(name))
        {
            what = name.ToUpperInvariant();
        }
        else if (string.Equals(name, "XREAD", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "XREADGROUP", StringComparison.OrdinalIgnoreCase))
        {
            if (ConstantArguments(invocation) is { } args && args.Exists(a => a is string s && string.Equals(s, "BLOCK", StringComparison.OrdinalIgnoreCase)))
            {
                what = name.ToUpperInvariant() + " ... BLOCK";
            }
        }
        else if (string.Equals(name, "WAIT", StringComparison.OrdinalIgnoreCase))
        {
            if (ConstantArguments(invocation) is { Count: 2 } args && IsZero(args[1]))
            {
                what = "WAIT with timeout 0";
            }
        }

        if (what is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisBlockingCommand, command.Value.Syntax.GetLocation(), what));
        }
    }

    /// <summary>The values of the command's arguments, written as an array (a params list or an array creation); null for a non-constant one (as <see cref="DBNull"/>) is kept as a placeholder.</summary>
    private static List<object?>? ConstantArguments(IInvocationOperation invocation)
    {
        if (RedisArguments.Named(invocation, "args") is not { } args)
        {
            return null;
        }

        var value = args.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is not IArrayCreationOperation { Initializer: { } initializer })
        {
            return args.ArgumentKind == ArgumentKind.ParamArray || value is IArrayCreationOperation ? new List<object?>() : null;
        }

        var result = new List<object?>();
        foreach (var element in initializer.ElementValues)
        {
            var inner = element;
            while (inner is IConversionOperation conversion)
            {
                inner = conversion.Operand;
            }

            result.Add(inner.ConstantValue.HasValue ? inner.ConstantValue.Value : DBNull.Value);
        }

        return result;
    }

    private static bool IsZero(object? value) => value switch
    {
        int i => i == 0,
        long l => l == 0,
        string s => s.Trim() == "0",
        _ => false,
    };
}
