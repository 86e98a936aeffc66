using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Caching.Analyzers.Options;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>
/// REDIS010, only when the project declares a cluster (<c>caching_redis.topology = cluster</c> or MSBuild
/// <c>CachingRedisTopology</c>): a multi-key call (<c>StringGet</c>, <c>StringSet</c>, <c>KeyDelete</c>,
/// <c>KeyExists</c> with several keys, <c>ScriptEvaluate</c> keys) whose keys, written at the call, hash to
/// different slots: constant keys whose slots differ, or keys without a hash tag whose text differs. The same for
/// the keys of the commands and conditions queued on one <c>ITransaction</c> (see the Transactions part).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class CrossSlotAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RedisCrossSlot);

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

            var transaction = start.Compilation.GetTypeByMetadataName("StackExchange.Redis.ITransaction");
            start.RegisterOperationAction(c => Analyze(c, symbols, transaction), OperationKind.Invocation);
        });
    }

    /// <summary>The cluster slot of <paramref name="key"/> as Redis computes it: CRC16 (XMODEM) of the hash tag or the whole key, modulo 16384.</summary>
    internal static int Slot(string key)
    {
        var open = key.IndexOf('{');
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                key = key.Substring(open + 1, close - open - 1);
            }
        }

        ushort crc = 0;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            crc ^= (ushort)(b << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc & 16383;
    }

    private static void Analyze(OperationAnalysisContext context, RedisCallSymbols symbols, INamedTypeSymbol? transaction)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (transaction is not null && method.Name is "Execute" or "ExecuteAsync" && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, transaction))
        {
            AnalyzeTransaction(context, invocation, symbols);
            return;
        }

        if (!IsMultiKey(method, symbols)
            || KeysArgument(invocation) is not { } keys
            || AnalyzerSettings.Topology(context.Options, invocation.Syntax.SyntaxTree) != RedisTopology.Cluster)
        {
            return;
        }

        var elements = Elements(keys.Value, invocation.SemanticModel);
        if (elements is null || elements.Count < 2)
        {
            return;
        }

        var keyOperations = new List<IOperation>(elements.Count);
        foreach (var element in elements)
        {
            if (element is not null && KeyOf(element) is { } key)
            {
                keyOperations.Add(key);
            }
        }

        if (FirstConflict(keyOperations) is { } conflict)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RedisCrossSlot,
                keys.Value.Syntax.GetLocation(),
                conflict.First.Syntax.ToString(),
                conflict.Second.Syntax.ToString(),
                method.Name));
        }
    }

    /// <summary>The first two keys, in order, that cannot share a slot; null when every pair may.</summary>
    private static (IOperation First, IOperation Second)? FirstConflict(IReadOnlyList<IOperation> keys)
    {
        var shapes = new List<(KeyShape Shape, IOperation Key)>(keys.Count);
        foreach (var key in keys)
        {
            if (Classify(key) is { } shape)
            {
                shapes.Add((shape, key));
            }
        }

        for (var j = 1; j < shapes.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                if (Conflict(shapes[i].Shape, shapes[j].Shape))
                {
                    return (shapes[i].Key, shapes[j].Key);
                }
            }
        }

        return null;
    }

    private static bool IsMultiKey(IMethodSymbol method, RedisCallSymbols symbols)
        => method.Name is "StringGet" or "StringGetAsync" or "StringSet" or "StringSetAsync" or "KeyDelete" or "KeyDeleteAsync"
            or "KeyExists" or "KeyExistsAsync" or "ScriptEvaluate" or "ScriptEvaluateAsync" or "ScriptEvaluateReadOnly" or "ScriptEvaluateReadOnlyAsync"
            && symbols.IsDatabaseMethod(method);

    /// <summary>The explicit argument of type <c>RedisKey[]</c> or <c>KeyValuePair&lt;RedisKey, RedisValue&gt;[]</c>.</summary>
    private static IArgumentOperation? KeysArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Parameter?.Type is IArrayTypeSymbol { ElementType: var element }
                && (IsRedisKey(element) || (element is INamedTypeSymbol { Name: "KeyValuePair", TypeArguments.Length: 2 } pair && IsRedisKey(pair.TypeArguments[0]))))
            {
                return argument;
            }
        }

        return null;
    }

    private static bool IsRedisKey(ITypeSymbol type)
        => type.Name == "RedisKey" && type.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis";

    /// <summary>The elements of an array creation or collection expression written at the call (null entries for spreads); null otherwise.</summary>
    private static List<IOperation?>? Elements(IOperation value, SemanticModel? model)
    {
        var unwrapped = StringParts.Unwrap(value);
        if (unwrapped is IArrayCreationOperation { Initializer: { } initializer })
        {
            return new List<IOperation?>(initializer.ElementValues);
        }

        if (value.Syntax is CollectionExpressionSyntax collection && model is not null)
        {
            var elements = new List<IOperation?>(collection.Elements.Count);
            foreach (var element in collection.Elements)
            {
                elements.Add(element is ExpressionElementSyntax expression ? model.GetOperation(expression.Expression) : null);
            }

            return elements;
        }

        return null;
    }

    /// <summary>The key of an element: the element itself, or the key of <c>new KeyValuePair&lt;RedisKey, RedisValue&gt;(key, value)</c> / <c>KeyValuePair.Create(key, value)</c>.</summary>
    private static IOperation? KeyOf(IOperation element)
    {
        var value = StringParts.Unwrap(element);
        if (value.Type is INamedTypeSymbol { Name: "KeyValuePair" })
        {
            var arguments = value switch
            {
                IObjectCreationOperation creation => creation.Arguments,
                IInvocationOperation { TargetMethod.Name: "Create" } call => call.Arguments,
                _ => default,
            };
            if (arguments.IsDefault)
            {
                return null;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        return element;
    }

    /// <summary>Where the key hashes: null when that cannot be known from the code.</summary>
    private static KeyShape? Classify(IOperation key)
    {
        if (StringParts.Of(key) is not { } parts)
        {
            return null;
        }

        if (parts.Count == 1 && parts[0].Text is { } constant)
        {
            return new KeyShape(KeyShapeKind.Slot, Slot(constant).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Find the first '{' and the next '}' as Redis does; a hole that could hold a brace makes the tag unknowable.
        var whole = new StringBuilder();
        StringBuilder? tag = null;
        var tagHasHole = false;
        var closed = false;
        foreach (var part in parts)
        {
            if (part.Text is { } text)
            {
                whole.Append(text);
                if (closed)
                {
                    continue;
                }

                var index = 0;
                if (tag is null)
                {
                    var open = text.IndexOf('{');
                    if (open < 0)
                    {
                        continue;
                    }

                    tag = new StringBuilder();
                    index = open + 1;
                }

                var close = text.IndexOf('}', index);
                if (close < 0)
                {
                    tag.Append(text, index, text.Length - index);
                }
                else
                {
                    tag.Append(text, index, close - index);
                    closed = true;
                }
            }
            else
            {
                var hole = part.Hole!;
                if (!closed && !CannotHoldBraces(hole.Type))
                {
                    return null;
                }

                var shape = "<" + hole.Syntax.ToString() + ">";
                whole.Append(shape);
                if (tag is not null && !closed)
                {
                    tag.Append(shape);
                    tagHasHole = true;
                }
            }
        }

        if (closed && tag!.Length > 0)
        {
            return tagHasHole
                ? new KeyShape(KeyShapeKind.DynamicTag, tag.ToString())
                : new KeyShape(KeyShapeKind.Slot, Slot(tag.ToString()).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new KeyShape(KeyShapeKind.Untagged, whole.ToString());
    }

    private static bool CannotHoldBraces(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is not null
            && (type.TypeKind == TypeKind.Enum
                || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte
                    or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                    or SpecialType.System_Int64 or SpecialType.System_UInt64);
    }

    private static bool Conflict(KeyShape first, KeyShape second)
    {
        if (first.Kind == KeyShapeKind.Untagged || second.Kind == KeyShapeKind.Untagged)
        {
            // A key without a tag hashes whole: two different texts practically never share one of 16384 slots.
            return first.Kind != second.Kind || first.Value != second.Value;
        }

        return first.Kind == KeyShapeKind.Slot && second.Kind == KeyShapeKind.Slot && first.Value != second.Value;
    }

    private enum KeyShapeKind
    {
        /// <summary>The slot is known: <see cref="KeyShape.Value"/> is its number.</summary>
        Slot,

        /// <summary>A hash tag with a hole in it: <see cref="KeyShape.Value"/> is its shape; equal shapes share a slot.</summary>
        DynamicTag,

        /// <summary>No hash tag and a hole: the whole key, <see cref="KeyShape.Value"/>, is hashed.</summary>
        Untagged,
    }

    private sealed record KeyShape(KeyShapeKind Kind, string Value);
}
