using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS007: a synchronous StackExchange.Redis command (a method with an <c>…Async</c> twin taking the same
/// parameters, see <see cref="AsyncRedisSymbols.AsyncTwin"/>) called in an async method, async lambda or async local
/// function. Methods that send nothing (GetDatabase, GetSubscriber, IsConnected) have no such twin and are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SyncRedisCallInAsyncAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property naming the async twin the fix calls.</summary>
    internal const string AsyncNameProperty = "AsyncName";

    /// <summary>Property present when <c>await</c> is allowed where the call is (not in a lock body, a catch filter or a query).</summary>
    internal const string CanAwaitProperty = "CanAwait";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RedisSyncCallInAsync);

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

            start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, AsyncRedisSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (symbols.AsyncTwin(invocation.TargetMethod) is not { } twin)
        {
            return;
        }

        var where = AsyncRedisSymbols.ContextOf(invocation, context.ContainingSymbol);
        if (where == AwaitContext.NotAsync)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(AsyncNameProperty, twin.Name);
        if (where == AwaitContext.CanAwait)
        {
            properties = properties.Add(CanAwaitProperty, "true");
        }

        var method = invocation.TargetMethod;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.RedisSyncCallInAsync,
            invocation.Syntax.GetLocation(),
            properties,
            method.ContainingType.Name + "." + method.Name,
            twin.Name));
    }
}
