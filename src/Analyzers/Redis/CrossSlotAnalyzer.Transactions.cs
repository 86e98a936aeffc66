using System.Collections.Generic;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

// REDIS010 for ITransaction: in a cluster every key a transaction touches (its commands and its conditions) must be
// in one slot, or StackExchange.Redis refuses it ("Multi-key operations must involve a single slot").
public sealed partial class CrossSlotAnalyzer
{
    /// <summary>
    /// At <c>tran.Execute[Async]()</c>, where <c>tran</c> is a local initialised once with <c>CreateTransaction()</c>
    /// and never assigned again: the keys of every command queued on it in the same body (the <c>key</c> argument
    /// of an IDatabaseAsync method) and of every <c>AddCondition(Condition.X(key, ...))</c>. Reported at the
    /// later of the first two keys that cannot share a slot.
    /// </summary>
    private static void AnalyzeTransaction(OperationAnalysisContext context, IInvocationOperation execute, RedisCallSymbols symbols)
    {
        if (execute.Instance is not ILocalReferenceOperation { Local: var local }
            || AnalyzerSettings.Topology(context.Options, execute.Syntax.SyntaxTree) != RedisTopology.Cluster)
        {
            return;
        }

        IOperation root = execute;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var created = false;
        var keys = new List<IOperation>();
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    created = declarator.Initializer?.Value is IInvocationOperation { TargetMethod.Name: "CreateTransaction" };
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                case IDeconstructionAssignmentOperation:
                    // Assigned again (or possibly, in a deconstruction): the calls may be on different transactions.
                    return;
                case IArgumentOperation { Value: ILocalReferenceOperation passed, Parameter.RefKind: not RefKind.None } when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    return;
                case IInvocationOperation call when call.Instance is ILocalReferenceOperation receiver && SymbolEqualityComparer.Default.Equals(receiver.Local, local):
                    if (call.TargetMethod.Name is "Execute" or "ExecuteAsync" && call.Syntax.SpanStart < execute.Syntax.SpanStart)
                    {
                        // Executed more than once: reported from the first Execute only.
                        return;
                    }

                    if (symbols.IsDatabaseMethod(call.TargetMethod) && RedisCallSymbols.Argument(call, "key") is { } key && IsRedisKey(key.Parameter!.Type))
                    {
                        keys.Add(key.Value);
                    }
                    else if (call.TargetMethod.Name == "AddCondition"
                        && call.Arguments.Length == 1
                        && StringParts.Unwrap(call.Arguments[0].Value) is IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.Name: "Condition" } } condition
                        && RedisCallSymbols.Argument(condition, "key") is { } conditionKey
                        && IsRedisKey(conditionKey.Parameter!.Type))
                    {
                        keys.Add(conditionKey.Value);
                    }

                    break;
            }
        }

        if (created && FirstConflict(keys) is { } conflict)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisCrossSlot,
                conflict.Second.Syntax.GetLocation(),
                conflict.First.Syntax.ToString(),
                conflict.Second.Syntax.ToString(),
                local.Name + "." + execute.TargetMethod.Name));
        }
    }
}
