using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS015: a handler added to <c>ConfigurationOptions.CertificateValidation</c> that returns <c>true</c> whatever
/// the certificate: a lambda or anonymous method whose whole body is <c>true</c> (<c>=&gt; true</c> or
/// <c>{ return true; }</c>), or a method of the same compilation written that way. A handler that looks at the
/// certificate or the policy errors at all is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CertificateValidationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisCertificateValidationDisabled);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (ConnectionTypes.Resolve(start.Compilation) is not { } types)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeEventAssignment(c, types), OperationKind.EventAssignment);
        });
    }

    private static void AnalyzeEventAssignment(OperationAnalysisContext context, ConnectionTypes types)
    {
        var assignment = (IEventAssignmentOperation)context.Operation;
        if (!assignment.Adds
            || assignment.EventReference is not IEventReferenceOperation { Event: var @event }
            || !types.IsOptionsMember(@event, "CertificateValidation"))
        {
            return;
        }

        var handler = assignment.HandlerValue;
        while (handler is IConversionOperation conversion)
        {
            handler = conversion.Operand;
        }

        if (handler is IDelegateCreationOperation creation)
        {
            handler = creation.Target;
        }

        var acceptsAll = handler switch
        {
            IAnonymousFunctionOperation lambda => ReturnsOnlyTrue(lambda.Body),
            IMethodReferenceOperation reference => ReturnsOnlyTrue(reference.Method),
            _ => false,
        };
        if (acceptsAll)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisCertificateValidationDisabled, assignment.HandlerValue.Syntax.GetLocation()));
        }
    }

    /// <summary>A body that is only <c>return true;</c> (an expression-bodied lambda's body is that too).</summary>
    private static bool ReturnsOnlyTrue(IBlockOperation body)
        => body.Operations.Length == 1
            && body.Operations[0] is IReturnOperation { ReturnedValue.ConstantValue: { HasValue: true, Value: true } };

    /// <summary>A method or local function of this compilation declared <c>=&gt; true</c> or <c>{ return true; }</c>.</summary>
    private static bool ReturnsOnlyTrue(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var (expressionBody, block) = method.DeclaringSyntaxReferences[0].GetSyntax() switch
        {
            MethodDeclarationSyntax declaration => (declaration.ExpressionBody, declaration.Body),
            LocalFunctionStatementSyntax local => (local.ExpressionBody, local.Body),
            _ => (null, null),
        };
        var returned = expressionBody?.Expression
            ?? (block is { Statements.Count: 1 } && block.Statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null);
        while (returned is ParenthesizedExpressionSyntax parenthesized)
        {
            returned = parenthesized.Expression;
        }

        return returned.IsKind(SyntaxKind.TrueLiteralExpression);
    }
}
