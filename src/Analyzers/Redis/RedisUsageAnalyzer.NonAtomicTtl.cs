using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

// REDIS004: StringSet followed by KeyExpire on the same key (the one shape the fix folds), HashSet followed by
// KeyExpire, and KeyExpire followed by StringSet (SET discards the TTL); shared with the code fix.
public sealed partial class RedisUsageAnalyzer
{
    /// <summary>Property of REDIS004 naming its shape; the fix applies only to <see cref="FoldShape"/>.</summary>
    internal const string ShapeProperty = "Shape";

    /// <summary>REDIS004 on <c>StringSet(key, value); KeyExpire(key, ttl);</c>, which the fix folds into one SET.</summary>
    internal const string FoldShape = "Fold";

    /// <summary>REDIS004 on <c>HashSet(key, ...); KeyExpire(key, ttl);</c>: no mechanical fix.</summary>
    internal const string HashShape = "Hash";

    /// <summary>REDIS004 on <c>KeyExpire(key, ttl); ... StringSet(key, value);</c>: no mechanical fix.</summary>
    internal const string DiscardedShape = "Discarded";

    /// <summary>
    /// REDIS004: for a <c>KeyExpire[Async](key, ttl)</c> statement, the <c>StringSet[Async](key, value)</c> invocation of
    /// the statement just before it in the same block, on the same database expression and the same key expression,
    /// with no expiry or other option, both sync or both awaited; null when any of that is not certain.
    /// </summary>
    internal static InvocationExpressionSyntax? FindNonAtomicSet(IInvocationOperation expire, RedisTypes types)
    {
        var async = expire.TargetMethod.Name == "KeyExpireAsync";
        if (expire.SemanticModel is not { } model
            || !IsDatabaseCall(expire, types, async)
            || OnlyArguments(expire, "key", "expiry") is not { } expireArguments
            || expireArguments[1].Parameter!.Type is not INamedTypeSymbol expiryType
            || !IsTimeSpan(expiryType)
            || expire.Syntax is not InvocationExpressionSyntax expireSyntax
            || StatementOf(expireSyntax, async) is not { Parent: BlockSyntax block } expireStatement)
        {
            return null;
        }

        var index = block.Statements.IndexOf(expireStatement);
        if (index < 1
            || block.Statements[index - 1] is not ExpressionStatementSyntax setStatement
            || CallOf(setStatement, async) is not { } setSyntax
            || model.GetOperation(setSyntax) is not IInvocationOperation set
            || set.TargetMethod.Name != (async ? "StringSetAsync" : "StringSet")
            || !IsDatabaseCall(set, types, async)
            || OnlyArguments(set, "key", "value") is not { } setArguments
            || set.Instance is null
            || expire.Instance is null
            || !SyntaxFactory.AreEquivalent(set.Instance.Syntax, expire.Instance.Syntax)
            || !SameKey(setArguments[0].Value.Syntax, expireArguments[0].Value.Syntax))
        {
            return null;
        }

        return setSyntax;
    }

    /// <summary>
    /// REDIS004 for a hash: for a <c>KeyExpire[Async](key, ttl)</c> statement, the <c>HashSet[Async](key, ...)</c>
    /// invocation of the statement just before it in the same block, on the same database expression and key
    /// expression, both sync or both awaited; null when any of that is not certain. Other options (when, flags) do not
    /// matter: there is no fix, and the two commands are not atomic whatever they are.
    /// </summary>
    internal static InvocationExpressionSyntax? FindNonAtomicHashSet(IInvocationOperation expire, RedisTypes types)
    {
        var async = expire.TargetMethod.Name == "KeyExpireAsync";
        if (expire.SemanticModel is not { } model
            || !IsDatabaseCall(expire, types, async)
            || ExpireKey(expire) is not { } expireKey
            || expire.Syntax is not InvocationExpressionSyntax expireSyntax
            || StatementOf(expireSyntax, async) is not { Parent: BlockSyntax block } expireStatement)
        {
            return null;
        }

        var index = block.Statements.IndexOf(expireStatement);
        if (index < 1
            || block.Statements[index - 1] is not ExpressionStatementSyntax setStatement
            || CallOf(setStatement, async) is not { } setSyntax
            || model.GetOperation(setSyntax) is not IInvocationOperation set
            || set.TargetMethod.Name != (async ? "HashSetAsync" : "HashSet")
            || !IsDatabaseCall(set, types, async)
            || RedisArguments.Named(set, "key") is not { ArgumentKind: ArgumentKind.Explicit } setKey
            || set.Instance is null
            || expire.Instance is null
            || !SyntaxFactory.AreEquivalent(set.Instance.Syntax, expire.Instance.Syntax)
            || !SameKey(setKey.Value.Syntax, expireKey.Value.Syntax))
        {
            return null;
        }

        return setSyntax;
    }

    /// <summary>
    /// REDIS004 the other way round: for a <c>StringSet[Async](key, value)</c> with no expiry and no keepTtl, written
    /// as a statement of a block, the name of the <c>KeyExpire[Async](key, ttl)</c> of an earlier statement of the same
    /// block on the same database and key expression, with nothing in between writing a variable the key reads; null
    /// otherwise. SET discards the TTL that EXPIRE gave, so the key ends with none.
    /// </summary>
    internal static string? FindDiscardedExpire(IInvocationOperation set, RedisTypes types, INamedTypeSymbol? expirationType)
    {
        var async = set.TargetMethod.Name == "StringSetAsync";
        if (set.SemanticModel is not { } model
            || !IsDatabaseCall(set, types, async)
            || RedisArguments.Named(set, "key") is not { ArgumentKind: ArgumentKind.Explicit } setKey
            || RedisArguments.StringSetExpiry(set, expirationType) != RedisArguments.Expiry.None
            || set.Instance is null
            || ContainingBlockStatement(set.Syntax) is not { Parent: BlockSyntax block } setStatement)
        {
            return null;
        }

        var index = block.Statements.IndexOf(setStatement);
        for (var i = index - 1; i >= 0; i--)
        {
            if (block.Statements[i] is not ExpressionStatementSyntax statement
                || (CallOf(statement, awaited: true) ?? CallOf(statement, awaited: false)) is not { } call
                || model.GetOperation(call) is not IInvocationOperation { TargetMethod.Name: "KeyExpire" or "KeyExpireAsync" } expire
                || !IsDatabaseCall(expire, types, expire.TargetMethod.Name == "KeyExpireAsync")
                || ExpireKey(expire) is not { } expireKey
                || !SameKey(setKey.Value.Syntax, expireKey.Value.Syntax))
            {
                continue;
            }

            if (expire.Instance is null || !SyntaxFactory.AreEquivalent(set.Instance.Syntax, expire.Instance.Syntax))
            {
                return null;
            }

            if (i + 1 < index)
            {
                // A statement in between may give the key's variables new values: then it is another key.
                var flow = model.AnalyzeDataFlow(block.Statements[i + 1], block.Statements[index - 1]);
                if (flow is null || !flow.Succeeded)
                {
                    return null;
                }

                foreach (var node in setKey.Value.Syntax.DescendantNodesAndSelf())
                {
                    if (node is IdentifierNameSyntax && model.GetSymbolInfo(node).Symbol is { } symbol && (flow.WrittenInside.Contains(symbol) || symbol is IFieldSymbol or IPropertySymbol))
                    {
                        return null;
                    }
                }
            }

            return expire.TargetMethod.Name;
        }

        return null;
    }

    /// <summary>The key argument of a KeyExpire with a TimeSpan or DateTime expiry that is not a constant null (PERSIST).</summary>
    private static IArgumentOperation? ExpireKey(IInvocationOperation expire)
    {
        if (RedisArguments.Named(expire, "key") is not { ArgumentKind: ArgumentKind.Explicit } key
            || RedisArguments.Named(expire, "expiry") is not { ArgumentKind: ArgumentKind.Explicit } expiry
            || expiry.Parameter?.Type is not INamedTypeSymbol type
            || !(IsTimeSpan(type) || IsDateTime(type)))
        {
            return null;
        }

        var value = expiry.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation { Type.OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }
            ? null
            : key;
    }

    /// <summary>The statement of a block (an expression statement or a local declaration) that holds <paramref name="node"/> outside any lambda or local function; null otherwise.</summary>
    private static StatementSyntax? ContainingBlockStatement(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
                case ExpressionStatementSyntax or LocalDeclarationStatementSyntax:
                    return current.Parent is BlockSyntax ? (StatementSyntax)current : null;
                case StatementSyntax:
                    return null;
            }
        }

        return null;
    }

    private static bool IsDateTime(INamedTypeSymbol type)
    {
        var inner = type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? type.TypeArguments[0] : type;
        return inner.SpecialType == SpecialType.System_DateTime;
    }

    /// <summary>The invocation of <c>[await] call[.ConfigureAwait(..)];</c>, or null.</summary>
    internal static InvocationExpressionSyntax? CallOf(ExpressionStatementSyntax statement, bool awaited)
    {
        var expression = statement.Expression;
        if (awaited)
        {
            if (expression is not AwaitExpressionSyntax await)
            {
                return null;
            }

            expression = await.Expression;
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax inner } })
            {
                expression = inner;
            }
        }

        return expression as InvocationExpressionSyntax;
    }

    internal static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax invocation, bool awaited)
    {
        SyntaxNode? node = invocation.Parent;
        if (awaited)
        {
            if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access && access.Parent is InvocationExpressionSyntax configured)
            {
                node = configured.Parent;
            }

            if (node is not AwaitExpressionSyntax)
            {
                return null;
            }

            node = node.Parent;
        }

        return node is ExpressionStatementSyntax statement && CallOf(statement, awaited) == invocation ? statement : null;
    }

    private static bool IsDatabaseCall(IInvocationOperation invocation, RedisTypes types, bool async)
    {
        var declaring = invocation.TargetMethod.ContainingType?.OriginalDefinition;
        var receiver = invocation.Instance?.Type?.OriginalDefinition;

        // Inside a transaction or a batch (ITransaction, IBatch) the pair is not this rule's: SER303 covers transactions.
        return SymbolEqualityComparer.Default.Equals(declaring, async ? types.DatabaseAsync : types.Database)
            && (SymbolEqualityComparer.Default.Equals(receiver, types.Database) || SymbolEqualityComparer.Default.Equals(receiver, types.DatabaseAsync));
    }

    /// <summary>The arguments for the two named parameters, when every other argument is left to its default.</summary>
    private static IArgumentOperation[]? OnlyArguments(IInvocationOperation invocation, string first, string second)
    {
        var found = new IArgumentOperation[2];
        foreach (var argument in invocation.Arguments)
        {
            var name = argument.Parameter?.Name;
            if (name == first && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                found[0] = argument;
            }
            else if (name == second && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                found[1] = argument;
            }
            else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return null;
            }
        }

        return found[0] is null || found[1] is null || found[0].Parameter!.Type.Name != "RedisKey" ? null : found;
    }

    private static bool IsTimeSpan(INamedTypeSymbol type)
    {
        var inner = type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? type.TypeArguments[0] : type;
        return inner.Name == "TimeSpan" && inner.ContainingNamespace?.ToDisplayString() == "System";
    }

    /// <summary>Equivalent key expressions that call nothing (a call could return another key each time).</summary>
    internal static bool SameKey(SyntaxNode first, SyntaxNode second)
    {
        if (!SyntaxFactory.AreEquivalent(first, second))
        {
            return false;
        }

        foreach (var node in first.DescendantNodesAndSelf())
        {
            if (node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax
                or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
                or AwaitExpressionSyntax)
            {
                return false;
            }
        }

        return true;
    }
}
