using System.Collections.Immutable;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS014: a Redis password written in the code, as a non-empty <c>password=</c> in a constant connection string
/// passed to <c>ConnectionMultiplexer.Connect</c> (and its async and Sentinel forms) or <c>ConfigurationOptions.Parse</c>,
/// or a non-empty constant assigned to <c>ConfigurationOptions.Password</c>. Neither the string nor the password goes
/// into the diagnostic: build logs keep diagnostics. Quiet in test projects.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedPasswordAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisHardCodedPassword);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Tests start local servers with throwaway passwords.
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
            && !string.IsNullOrEmpty(ConnectionStrings.LastValue(constant.Value, "password")))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisHardCodedPassword, constant.Argument.Value.Syntax.GetLocation(), "This connection string"));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, ConnectionTypes types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property }
            && types.IsOptionsMember(property, "Password")
            && assignment.Value.ConstantValue is { HasValue: true, Value: string { Length: > 0 } })
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisHardCodedPassword, assignment.Value.Syntax.GetLocation(), "This 'Password' assignment"));
        }
    }
}
