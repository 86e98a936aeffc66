using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS016: a local initialised with <c>CreateBatch()</c> or <c>CreateTransaction()</c> that has commands queued on it
/// and no <c>Execute</c>/<c>ExecuteAsync</c> call on it anywhere in the member, while it does not escape (it is not
/// returned, passed, stored, reassigned or captured by a lambda or local function). When the referenced
/// StackExchange.Redis ships SER305 (3.1.31+) and a queued command's task is awaited, SER305 already reports the hang,
/// so this rule stays quiet.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchNotExecutedAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RedisBatchNotExecuted);

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

            var hasSer305 = HasSer305(symbols.Database.ContainingAssembly);
            start.RegisterOperationAction(c => Analyze(c, symbols, hasSer305), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, RedisSymbols symbols, bool hasSer305)
    {
        var create = (IInvocationOperation)context.Operation;
        if (create.TargetMethod.Name is not ("CreateBatch" or "CreateTransaction")
            || !symbols.IsDatabaseMethod(create.TargetMethod)
            || Unwrap(create.Parent) is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } })
        {
            return;
        }

        // The body the local lives in: the method, or the lambda or local function that declares it.
        var root = (IOperation)create;
        while (root.Parent is { } parent && root is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            root = parent;
        }

        var queued = 0;
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (IsInsideFunction(reference, root))
            {
                // Captured by a lambda or local function: it may be executed there, or later.
                return;
            }

            if (reference.Parent is not IInvocationOperation call || call.Instance != reference)
            {
                // Returned, passed, stored, reassigned, converted: it may be executed elsewhere.
                return;
            }

            switch (call.TargetMethod.Name)
            {
                case "Execute":
                case "ExecuteAsync":
                    return;
                case "AddCondition":
                    continue;
            }

            if (hasSer305 && IsAwaitedOrBlockedOn(call))
            {
                // SER305 reports awaiting a queued command before Execute.
                return;
            }

            queued++;
        }

        if (queued > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisBatchNotExecuted,
                create.Syntax.GetLocation(),
                local.Name,
                create.TargetMethod.Name == "CreateTransaction" ? "ExecuteAsync" : "Execute"));
        }
    }

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Parent;
        }

        return operation;
    }

    private static bool IsInsideFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAwaitedOrBlockedOn(IInvocationOperation call)
    {
        var parent = call.Parent;
        if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == call)
        {
            parent = configure.Parent;
        }

        return parent is IAwaitOperation
            || parent is IPropertyReferenceOperation { Property.Name: "Result" }
            || parent is IInvocationOperation { TargetMethod.Name: "Wait" or "GetAwaiter" };
    }

    /// <summary>SER305 ships with StackExchange.Redis 3.1.31, like SER307 (the same check as REDIS008's).</summary>
    private static bool HasSer305(IAssemblySymbol assembly)
    {
        string? informational = null;
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "AssemblyInformationalVersionAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string value)
            {
                informational = value;
            }
        }

        return RedisUsageAnalyzer.HasBuiltInBlockingRule(informational, assembly.Identity.Version);
    }
}
