using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS012: <c>await db.XAsync(key, ...)</c> in the body of a loop, where X is a single-key command and the key
/// changes with the iteration (it uses the loop's variable or a local declared in the loop body), so the loop makes
/// one round trip per key. Quiet for a loop that retries or polls one key, for commands queued on a batch or
/// transaction (the receiver's type is IDatabase or IDatabaseAsync itself), and for a command awaited in a lambda or
/// local function inside the loop.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SequentialAwaitInLoopAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Single-key commands whose per-key round trips a pipeline saves (names without <c>Async</c>).</summary>
    private static readonly ImmutableHashSet<string> SingleKeyCommands = ImmutableHashSet.Create(
        "StringGet",
        "StringSet",
        "StringIncrement",
        "StringDecrement",
        "KeyDelete",
        "KeyExists",
        "KeyExpire",
        "KeyTimeToLive",
        "HashGet",
        "HashGetAll",
        "HashSet",
        "HashDelete",
        "SetAdd",
        "SetRemove",
        "SetMembers",
        "SortedSetAdd",
        "ListLeftPush",
        "ListRightPush");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RedisSequentialAwaitInLoop);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (AsyncRedisSymbols.Resolve(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Await);
        });
    }

    private static void Analyze(OperationAnalysisContext context, AsyncRedisSymbols symbols)
    {
        var await = (IAwaitOperation)context.Operation;
        if (RedisCall(await, symbols) is not { } call || KeyArgument(call, symbols) is not { } key)
        {
            return;
        }

        var child = (IOperation)await;
        for (var current = await.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return;
            }

            if (current is ILoopOperation loop && loop.Body == child && VariesWith(key, loop))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisSequentialAwaitInLoop, await.Syntax.GetLocation(), call.TargetMethod.Name));
                return;
            }
        }
    }

    /// <summary>The awaited single-key command on an IDatabase or IDatabaseAsync (through ConfigureAwait too), or null.</summary>
    internal static IInvocationOperation? RedisCall(IAwaitOperation await, AsyncRedisSymbols symbols)
    {
        var awaited = await.Operation;
        if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
        {
            awaited = configured;
        }

        if (awaited is not IInvocationOperation { Instance: { } instance } call
            || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.DatabaseAsync)
            || !call.TargetMethod.Name.EndsWith("Async", System.StringComparison.Ordinal)
            || !SingleKeyCommands.Contains(call.TargetMethod.Name.Substring(0, call.TargetMethod.Name.Length - "Async".Length)))
        {
            return null;
        }

        // A batch or a transaction is an IDatabaseAsync too; its queued commands are sent together already.
        var receiver = instance is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : instance.Type;
        return SymbolEqualityComparer.Default.Equals(receiver, symbols.Database) || SymbolEqualityComparer.Default.Equals(receiver, symbols.DatabaseAsync)
            ? call
            : null;
    }

    private static IOperation? KeyArgument(IInvocationOperation call, AsyncRedisSymbols symbols)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { Ordinal: 0, Name: "key" } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.RedisKey))
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>True when the key uses a local of the loop (its variable) or a local declared in its body.</summary>
    private static bool VariesWith(IOperation key, ILoopOperation loop)
    {
        var body = loop.Body.Syntax.Span;
        foreach (var local in LocalsIn(key))
        {
            if (loop.Locals.Contains(local, SymbolEqualityComparer.Default))
            {
                return true;
            }

            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == loop.Syntax.SyntaxTree && body.Contains(reference.Span))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<ILocalSymbol> LocalsIn(IOperation operation)
    {
        if (operation is ILocalReferenceOperation reference)
        {
            yield return reference.Local;
        }

        foreach (var descendant in operation.Descendants())
        {
            if (descendant is ILocalReferenceOperation local)
            {
                yield return local.Local;
            }
        }
    }
}
