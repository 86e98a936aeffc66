using System.Collections.Immutable;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS009: a constant Lua script passed to <c>ScriptEvaluate[ReadOnly][Async]</c>, <c>IServer.ScriptLoad[Async]</c>
/// or <c>LuaScript.Prepare</c> that calls a key command on a key it did not receive in KEYS (a string literal, a
/// concatenation or <c>ARGV[n]</c>), or a <c>ScriptEvaluate</c> whose script reads <c>KEYS[...]</c> while the call
/// passes no keys. Redis Cluster routes a script by its declared keys and refuses any other key.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScriptUndeclaredKeyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisScriptUndeclaredKey);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (RedisCallSymbols.Resolve(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, RedisCallSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (AnalyzePreparedScript(context, invocation, symbols))
        {
            return;
        }

        if (symbols.ScriptArgument(invocation, out var kind) is not { } script
            || script.Value.ConstantValue is not { HasValue: true, Value: string text })
        {
            return;
        }

        var location = script.Value.Syntax.GetLocation();
        if (LuaText.FirstUndeclaredKey(text) is { } call)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisScriptUndeclaredKey, location, call, "names a key the call does not pass in KEYS"));
            return;
        }

        if (kind == ScriptCallKind.Evaluate
            && LuaText.FirstKeysRead(text) is { } read
            && RedisCallSymbols.Argument(invocation, "keys") is { } keys
            && PassesNoKeys(keys))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RedisScriptUndeclaredKey, location, read, "is read, but the call passes no keys"));
        }
    }

    /// <summary>
    /// <c>ScriptEvaluate[Async](script, parameters)</c> with a LuaScript prepared from a constant at the call or in a
    /// readonly field of the same file: a key command whose key is <c>@name</c> while the member <c>name</c> of the
    /// parameters' type is not a RedisKey, so LuaScript passes it in ARGV. True when the call was a LuaScript call.
    /// </summary>
    private static bool AnalyzePreparedScript(OperationAnalysisContext context, IInvocationOperation invocation, RedisCallSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("ScriptEvaluate" or "ScriptEvaluateAsync")
            || !symbols.IsDatabaseMethod(method)
            || RedisCallSymbols.Argument(invocation, "script") is not { } script
            || !SymbolEqualityComparer.Default.Equals(script.Parameter?.Type, symbols.LuaScript))
        {
            return false;
        }

        if (PreparedText(script.Value, invocation.SemanticModel, symbols) is not { } text
            || RedisCallSymbols.Argument(invocation, "parameters") is not { ArgumentKind: ArgumentKind.Explicit } parameters
            || StringParts.Unwrap(parameters.Value).Type is not { } type)
        {
            return true;
        }

        foreach (var (call, name) in LuaText.ParameterKeys(text))
        {
            ITypeSymbol? memberType = null;
            foreach (var member in type.GetMembers(name))
            {
                memberType = member switch
                {
                    IPropertySymbol property => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => memberType,
                };
            }

            if (memberType is not null && !(memberType.Name == "RedisKey" && memberType.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis"))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.RedisScriptUndeclaredKey,
                    parameters.Value.Syntax.GetLocation(),
                    call,
                    "names a key that LuaScript passes in ARGV, because member '" + name + "' is a " + memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ", not a RedisKey"));
                return true;
            }
        }

        return true;
    }

    /// <summary>The constant text of <c>LuaScript.Prepare(text)</c> at the call, or in the initializer of a readonly field declared in the same file.</summary>
    private static string? PreparedText(IOperation value, SemanticModel? model, RedisCallSymbols symbols)
    {
        value = StringParts.Unwrap(value);
        if (value is IFieldReferenceOperation { Field: { IsReadOnly: true } field }
            && model is not null
            && field.DeclaringSyntaxReferences.Length == 1
            && field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            && initializer.SyntaxTree == model.SyntaxTree)
        {
            value = model.GetOperation(initializer) is { } operation ? StringParts.Unwrap(operation) : value;
        }

        return value is IInvocationOperation prepare
            && symbols.ScriptArgument(prepare, out var kind) is { } text
            && kind == ScriptCallKind.Prepare
            && text.Value.ConstantValue is { HasValue: true, Value: string script }
            ? script
            : null;
    }

    /// <summary>True when <c>keys</c> is left out, null, <c>default</c> or an empty array.</summary>
    private static bool PassesNoKeys(IArgumentOperation keys)
    {
        if (keys.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return true;
        }

        var value = StringParts.Unwrap(keys.Value);
        if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation)
        {
            return true;
        }

        if (value is IArrayCreationOperation array)
        {
            return array.Initializer is { ElementValues.Length: 0 }
                || (array.Initializer is null && array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 });
        }

        if (value is IInvocationOperation { TargetMethod: { Name: "Empty", ContainingType: { Name: "Array", ContainingNamespace.Name: "System" } } })
        {
            return true;
        }

        return keys.Value.Syntax is CollectionExpressionSyntax { Elements.Count: 0 };
    }
}
