using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

// REDIS004: StringSet followed by KeyExpire on the same key; shared with its code fix.
public sealed partial class RedisUsageAnalyzer
{
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
    private static bool SameKey(SyntaxNode first, SyntaxNode second)
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
