using System.Collections.Immutable;
using Caching.Analyzers.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// A setting of the application's Redis connection written in the code: in a constant connection string passed to
/// <c>ConnectionMultiplexer.Connect</c> (and its async and Sentinel forms) or <c>ConfigurationOptions.Parse</c>, or as
/// a constant assigned to a <c>ConfigurationOptions</c> property. The connection string never goes into the
/// diagnostic: it may hold a password, and build logs keep diagnostics. Quiet in test projects, which connect to
/// local servers with throwaway settings.
/// </summary>
public abstract class ConnectionSettingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>What is reported.</summary>
    private protected abstract DiagnosticDescriptor Rule { get; }

    /// <summary>The <c>ConfigurationOptions</c> property that holds the setting.</summary>
    private protected abstract string OptionsProperty { get; }

    /// <summary>The message argument for an assignment to <see cref="OptionsProperty"/>.</summary>
    private protected abstract string AssignmentText { get; }

    /// <inheritdoc/>
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (ConnectionTypes.Resolve(start.Compilation) is not { } types || AnalyzerSettings.IsTestProject(start.Options))
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, types), OperationKind.SimpleAssignment);
        });
    }

    /// <summary>Whether the constant connection string sets the reported value.</summary>
    private protected abstract bool IsReported(string connectionString);

    /// <summary>Whether the constant assigned to <see cref="OptionsProperty"/> is the reported value.</summary>
    private protected abstract bool IsReported(object? assigned);

    private void AnalyzeInvocation(OperationAnalysisContext context, ConnectionTypes types)
    {
        if (ConnectionStrings.ConstantArgument((IInvocationOperation)context.Operation, types) is { } constant && IsReported(constant.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, constant.Argument.Value.Syntax.GetLocation(), "This connection string"));
        }
    }

    private void AnalyzeAssignment(OperationAnalysisContext context, ConnectionTypes types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property }
            && types.IsOptionsMember(property, OptionsProperty)
            && assignment.Value.ConstantValue is { HasValue: true } value
            && IsReported(value.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Value.Syntax.GetLocation(), AssignmentText));
        }
    }
}
