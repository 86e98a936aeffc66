using System.Collections.Generic;
using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS017: blocking work in the handler passed to <c>ISubscriber.Subscribe[Async]</c> or
/// <c>ChannelMessageQueue.OnMessage</c>: <c>Thread.Sleep</c>, <c>Task.WaitAll</c>/<c>WaitAny</c>, <c>.Result</c>,
/// <c>.Wait(...)</c> or <c>.GetAwaiter().GetResult()</c> on a task, and synchronous Redis commands. The handler is a
/// lambda, or a method group whose method is declared in the same file; nested lambdas and local functions (work
/// the handler hands off) are not looked into. Left to the other rules, so nothing is reported twice: blocking
/// directly on a task a StackExchange.Redis method returned (REDIS008, or SER307 from 3.1.31) and a synchronous Redis
/// command in an async handler (REDIS007).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingPubSubHandlerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RedisBlockingPubSubHandler);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (AsyncRedisSymbols.Resolve(start.Compilation) is not { Subscriber: { } subscriber } symbols)
            {
                return;
            }

            var thread = start.Compilation.GetTypeByMetadataName("System.Threading.Thread");
            start.RegisterOperationAction(c => Analyze(c, symbols, subscriber, thread), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, AsyncRedisSymbols symbols, INamedTypeSymbol subscriber, INamedTypeSymbol? thread)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var takesHandler = (method.Name is "Subscribe" or "SubscribeAsync" && SymbolEqualityComparer.Default.Equals(type, subscriber))
                           || (method.Name == "OnMessage" && SymbolEqualityComparer.Default.Equals(type, symbols.ChannelMessageQueue));
        if (!takesHandler)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Name: "handler" } || Unwrap(argument.Value) is not IDelegateCreationOperation creation)
            {
                continue;
            }

            switch (creation.Target)
            {
                case IAnonymousFunctionOperation lambda:
                    foreach (var (site, what) in BlockingSites(lambda.Body, lambda.Symbol.IsAsync, symbols, thread))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisBlockingPubSubHandler, site.Syntax.GetLocation(), what));
                    }

                    break;
                case IMethodReferenceOperation { Method: var handler } reference when invocation.SemanticModel is { } model:
                    foreach (var declaration in handler.DeclaringSyntaxReferences)
                    {
                        if (declaration.SyntaxTree != model.SyntaxTree
                            || model.GetOperation(declaration.GetSyntax(context.CancellationToken), context.CancellationToken) is not { } body)
                        {
                            continue;
                        }

                        foreach (var (_, what) in BlockingSites(body, handler.IsAsync, symbols, thread))
                        {
                            // On the method group: the method itself may also run outside a handler.
                            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisBlockingPubSubHandler, reference.Syntax.GetLocation(), what + "' in '" + handler.Name));
                            break;
                        }
                    }

                    break;
            }
        }
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The blocking operations of a handler body, outside nested lambdas and local functions.</summary>
    private static IEnumerable<(IOperation Site, string What)> BlockingSites(IOperation body, bool isAsync, AsyncRedisSymbols symbols, INamedTypeSymbol? thread)
    {
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation != body && operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            if (Blocking(operation, isAsync, symbols, thread) is { } what)
            {
                yield return (operation, what);
            }

            // Children in reverse, so sites come out in source order.
            var children = new List<IOperation>(operation.ChildOperations);
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    private static string? Blocking(IOperation operation, bool isAsync, AsyncRedisSymbols symbols, INamedTypeSymbol? thread)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod: { Name: "Sleep", IsStatic: true } sleep } when SymbolEqualityComparer.Default.Equals(sleep.ContainingType, thread):
                return "Thread.Sleep";
            case IInvocationOperation { TargetMethod: { Name: "WaitAll" or "WaitAny", IsStatic: true } wait } when SymbolEqualityComparer.Default.Equals(wait.ContainingType, symbols.Task):
                return "Task." + wait.Name;
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task } when symbols.IsTask(task.Type) && !IsRedisCall(task):
                return ".Result";
            case IInvocationOperation { TargetMethod: { Name: "Wait", IsStatic: false } wait, Instance: { } task } when symbols.IsTask(wait.ContainingType) && !IsRedisCall(task):
                return ".Wait()";
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } task } awaiter }
                when symbols.IsTask(awaiter.TargetMethod.ContainingType) && !IsRedisCall(task):
                return ".GetAwaiter().GetResult()";
            case IInvocationOperation { TargetMethod: var method } when !isAsync && symbols.AsyncTwin(method) is not null:
                return method.ContainingType.Name + "." + method.Name;
            default:
                return null;
        }
    }

    /// <summary>A task a StackExchange.Redis method returned directly: blocking on it is REDIS008's (or SER307's).</summary>
    private static bool IsRedisCall(IOperation task)
        => task is IInvocationOperation { TargetMethod.ContainingType: var type } && AsyncRedisSymbols.IsRedisType(type);
}
