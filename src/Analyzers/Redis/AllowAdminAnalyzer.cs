using System.Collections.Immutable;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS019: admin commands enabled for the application's multiplexer, by <c>allowAdmin=true</c> in a constant
/// connection string passed to <c>ConnectionMultiplexer.Connect</c> (and its async and Sentinel forms) or
/// <c>ConfigurationOptions.Parse</c>, or by assigning the constant <c>true</c> to <c>ConfigurationOptions.AllowAdmin</c>.
/// Quiet in test projects, which flush their databases.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AllowAdminAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisAllowAdmin);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (ConnectionTypes.Resolve(start.Compilation) is not { } types || AnalyzerSettings.IsTestProject(start.Options))
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, types), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, ConnectionTypes types)
    {
        if (ConnectionStrings.ConstantArgument((IInvocationOperation)context.Operation, types) is { } constant
            && ConnectionStrings.IsTrue(constant.Value, "allowAdmin"))
        {
            // Not the string itself: it may hold a password.
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisAllowAdmin, constant.Argument.Value.Syntax.GetLocation(), "This connection string"));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, ConnectionTypes types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property }
            && types.IsOptionsMember(property, "AllowAdmin")
            && assignment.Value.ConstantValue is { HasValue: true, Value: true })
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisAllowAdmin, assignment.Value.Syntax.GetLocation(), "'AllowAdmin = true'"));
        }
    }
}
