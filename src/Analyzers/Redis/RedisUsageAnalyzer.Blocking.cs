using System;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

// REDIS008: blocking on a task a StackExchange.Redis method returned.
public sealed partial class RedisUsageAnalyzer
{
    /// <summary>REDIS008: <c>.Result</c>, <c>.Wait()</c> or <c>.GetAwaiter().GetResult()</c> on a task a StackExchange.Redis method returned.</summary>
    private static void AnalyzeBlocking(OperationAnalysisContext context)
    {
        IOperation? task;
        string how;
        switch (context.Operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result" } result when IsTask(result.Property.ContainingType):
                task = result.Instance;
                how = ".Result";
                break;
            case IInvocationOperation { TargetMethod.Name: "Wait" } wait when IsTask(wait.TargetMethod.ContainingType):
                task = wait.Instance;
                how = ".Wait()";
                break;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter }
                when IsTask(awaiter.TargetMethod.ContainingType):
                task = awaiter.Instance;
                how = ".GetAwaiter().GetResult()";
                break;
            default:
                return;
        }

        if (task is IInvocationOperation { TargetMethod: var method }
            && method.ContainingType?.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis")
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisBlocking, context.Operation.Syntax.GetLocation(), how, method.Name));
        }
    }

    private static bool IsTask(INamedTypeSymbol? type)
        => type is { Name: "Task", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks";

    /// <summary>
    /// True when the referenced StackExchange.Redis ships SER307 (blocking on a Redis task), which it does from 3.1.31:
    /// read from its informational version, as its assembly version is 2.0 or 3.0 for a whole major version.
    /// </summary>
    private static bool HasBuiltInBlockingRule(IAssemblySymbol assembly)
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

        return HasBuiltInBlockingRule(informational, assembly.Identity.Version);
    }

    /// <summary>See <see cref="HasBuiltInBlockingRule(IAssemblySymbol)"/>; when the version cannot be read, any 3.x counts as having it.</summary>
    internal static bool HasBuiltInBlockingRule(string? informationalVersion, Version assemblyVersion)
    {
        var text = informationalVersion ?? "";
        var end = text.IndexOfAny(new[] { '+', '-' });
        if (end >= 0)
        {
            text = text.Substring(0, end);
        }

        return Version.TryParse(text, out var version)
            ? version >= new Version(3, 1, 31)
            : assemblyVersion.Major >= 3;
    }
}
