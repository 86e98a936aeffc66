using System.Collections.Immutable;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS005: a ConnectionMultiplexer that lives for one call or one loop iteration. Reported only where the
/// lifetime is certain from the code: the result of <c>Connect</c>/<c>ConnectAsync</c> (awaited or not) is the
/// resource of a <c>using</c>, or a local the same function disposes outside a <c>catch</c>. That is quiet in a
/// program's <c>Main</c> or top-level statements and in <c>BackgroundService.ExecuteAsync</c>, which run for the
/// application's life, unless it happens inside a loop there. A multiplexer kept in a field, a <c>Lazy&lt;&gt;</c>,
/// returned from a factory or a DI registration is never reported; neither is anything in a test project.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MultiplexerLifetimeAnalyzer : DiagnosticAnalyzer
{
    private const string TopLevelStatementsMethodName = "<Main>$";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisMultiplexerPerOperation);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Tests create a multiplexer per test (or per case) on purpose.
            if (ConnectionTypes.Resolve(start.Compilation) is not { } types || AnalyzerSettings.IsTestProject(start.Options))
            {
                return;
            }

            var backgroundService = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.BackgroundService");
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types, backgroundService), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, ConnectionTypes types, INamedTypeSymbol? backgroundService)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsStatic
            || !ConnectionTypes.IsConnectMethod(method.Name)
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, types.Multiplexer))
        {
            return;
        }

        var value = ResultOf(invocation);
        var (owned, scope) = Owner(value);
        if (owned is null)
        {
            return;
        }

        var function = EnclosingFunction(invocation, context.ContainingSymbol);
        var inLoop = scope is not null && IsInLoop(scope, function.Body);
        if (!inLoop && LivesAsLongAsTheApplication(function.Symbol, function.IsLocalFunction, backgroundService))
        {
            return;
        }

        if (owned is ILocalSymbol local && !IsDisposedHere(local, function.Body))
        {
            return;
        }

        var when = inLoop
            ? "on every iteration of the loop"
            : function.Symbol switch
            {
                IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } => "when this lambda returns",
                IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => "when the constructor of '" + constructor.ContainingType.Name + "' returns",
                IMethodSymbol { AssociatedSymbol: { } property } => "when '" + property.Name + "' returns",
                _ => "when '" + function.Symbol.Name + "' returns",
            };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.RedisMultiplexerPerOperation,
            invocation.Syntax.GetLocation(),
            "ConnectionMultiplexer." + method.Name,
            when));
    }

    /// <summary>The operation that carries the multiplexer: the call, or the <c>await</c> of it (with or without ConfigureAwait).</summary>
    private static IOperation ResultOf(IInvocationOperation invocation)
    {
        IOperation value = invocation;
        if (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value)
        {
            value = configure;
        }

        if (value.Parent is IAwaitOperation awaited)
        {
            value = awaited;
        }

        while (value.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion;
        }

        return value;
    }

    /// <summary>
    /// What disposes the multiplexer: the <c>using</c> operation itself (<see cref="IOperation"/>), or the local it is
    /// stored in (<see cref="ILocalSymbol"/>) when the function may dispose it; and the statement whose scope is the
    /// multiplexer's, for the loop check. (null, null) when it goes anywhere else: a field, a property, a return, an
    /// argument, a collection, a lambda.
    /// </summary>
    private static (object? Owned, IOperation? Scope) Owner(IOperation value)
    {
        switch (value.Parent)
        {
            case IUsingOperation usingStatement:
                return (usingStatement, usingStatement);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                IOperation? current = declarator.Parent;
                while (current is IVariableDeclarationOperation or IVariableDeclarationGroupOperation)
                {
                    current = current.Parent;
                }

                if (current is IUsingOperation or IUsingDeclarationOperation)
                {
                    return (current, current);
                }

                return (declarator.Symbol, declarator);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value:
                // Assigned to a local declared earlier (a try/finally that disposes it): not per iteration even in a loop.
                return (target.Local, null);
            default:
                return (null, null);
        }
    }

    /// <summary>
    /// True when the function calls <c>Dispose</c>, <c>DisposeAsync</c>, <c>Close</c> or <c>CloseAsync</c> on the local,
    /// or makes it the resource of a <c>using (local)</c> statement, (not in a nested lambda, which may run at shutdown, nor in a <c>catch</c>, which cleans up a failed
    /// start) and never returns it or stores it anywhere but in locals.
    /// </summary>
    private static bool IsDisposedHere(ILocalSymbol local, IOperation body)
    {
        var disposed = false;
        foreach (var operation in body.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            var user = reference.Parent;
            while (user is IConversionOperation { IsImplicit: true })
            {
                user = user.Parent;
            }

            switch (user)
            {
                case IReturnOperation:
                case ISimpleAssignmentOperation assignment when assignment.Target != reference && assignment.Target is not ILocalReferenceOperation:
                    return false;
                case IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync" or "Close" or "CloseAsync" } call
                    when IsInstance(call, reference) && !IsInCatchOrNestedFunction(call, body):
                    disposed = true;
                    break;
                case IUsingOperation usingStatement when !IsInCatchOrNestedFunction(usingStatement, body):
                    // using (redis) { ... } on a local created earlier.
                    disposed = true;
                    break;
                case IConditionalAccessOperation { WhenNotNull: IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync" or "Close" or "CloseAsync" } } access
                    when !IsInCatchOrNestedFunction(access, body):
                    disposed = true;
                    break;
            }
        }

        return disposed;
    }

    private static bool IsInstance(IInvocationOperation call, IOperation reference)
    {
        var instance = call.Instance;
        while (instance is IConversionOperation { IsImplicit: true } conversion)
        {
            instance = conversion.Operand;
        }

        return instance == reference;
    }

    private static bool IsInCatchOrNestedFunction(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is ICatchClauseOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInLoop(IOperation scope, IOperation body)
    {
        for (var current = scope.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A program's <c>Main</c>, its top-level statements (and local functions declared there) and an override of
    /// <c>BackgroundService.ExecuteAsync</c> run once for the application's life: a multiplexer disposed when they end
    /// is the application's one multiplexer.
    /// </summary>
    private static bool LivesAsLongAsTheApplication(ISymbol function, bool isLocalFunction, INamedTypeSymbol? backgroundService)
    {
        if (isLocalFunction)
        {
            // A local function of the entry point (a helper in Program.cs) shares its fate; others are judged by their container.
            for (var container = function.ContainingSymbol; container is IMethodSymbol outer; container = outer.ContainingSymbol)
            {
                if (outer.MethodKind != MethodKind.LocalFunction)
                {
                    return IsEntryPoint(outer);
                }
            }

            return false;
        }

        if (function is not IMethodSymbol method || method.MethodKind == MethodKind.AnonymousFunction)
        {
            return false;
        }

        if (IsEntryPoint(method))
        {
            return true;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null && backgroundService is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.Name == "ExecuteAsync" && SymbolEqualityComparer.Default.Equals(overridden.ContainingType?.OriginalDefinition, backgroundService))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEntryPoint(IMethodSymbol method)
        => method.IsStatic && (method.Name == "Main" || method.Name == TopLevelStatementsMethodName);

    /// <summary>The innermost lambda, anonymous method or local function around <paramref name="operation"/>, else the member being analysed.</summary>
    private static (ISymbol Symbol, IOperation Body, bool IsLocalFunction) EnclosingFunction(IOperation operation, ISymbol member)
    {
        var root = operation;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return (lambda.Symbol, lambda.Body, false);
                case ILocalFunctionOperation localFunction when localFunction.Body is { } body:
                    return (localFunction.Symbol, body, true);
            }

            root = current;
        }

        return (member, root, false);
    }
}
