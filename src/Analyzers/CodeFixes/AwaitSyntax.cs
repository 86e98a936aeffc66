using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Analyzers.CodeFixes;

/// <summary>Builds <c>await x</c> to stand where another expression stood, in parentheses when the place needs them.</summary>
internal static class AwaitSyntax
{
    /// <summary>
    /// <c>await <paramref name="awaited"/></c> to replace <paramref name="replaced"/>, keeping its trivia, in
    /// parentheses when <paramref name="replaced"/> is the receiver of a member access, an element access, a call, a
    /// conditional access or a postfix operator (where <c>await</c>, a prefix operator, would bind less tightly).
    /// </summary>
    public static ExpressionSyntax Await(ExpressionSyntax replaced, ExpressionSyntax awaited)
    {
        ExpressionSyntax result = SyntaxFactory.AwaitExpression(
            SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            awaited.WithoutTrivia());
        var needsParentheses = replaced.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == replaced,
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == replaced,
            ElementAccessExpressionSyntax element => element.Expression == replaced,
            InvocationExpressionSyntax invocation => invocation.Expression == replaced,
            PostfixUnaryExpressionSyntax => true,
            _ => false,
        };
        if (needsParentheses)
        {
            result = SyntaxFactory.ParenthesizedExpression(result);
        }

        return result.WithTriviaFrom(replaced);
    }
}
