using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS011: the script of <c>ScriptEvaluate[ReadOnly][Async]</c>, <c>IServer.ScriptLoad[Async]</c> or
/// <c>LuaScript.Prepare</c> is an interpolated string or a concatenation written at the call with a part that can
/// change from call to call (not a constant and not a static readonly field). Each distinct body stays in the
/// server's script cache, and a value spliced into code can change what the script does.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScriptNotConstantAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisScriptNotConstant);

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
        if (symbols.ScriptArgument(invocation, out _) is not { } script
            || script.Value.ConstantValue.HasValue
            || StringParts.Of(script.Value) is not { } parts)
        {
            return;
        }

        foreach (var part in parts)
        {
            if (part.Hole is { } hole && !StringParts.IsStable(hole))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisScriptNotConstant, script.Value.Syntax.GetLocation(), hole.Syntax.ToString()));
                return;
            }
        }
    }
}
