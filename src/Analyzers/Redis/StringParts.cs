using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Caching.Analyzers.Redis;

/// <summary>One piece of a string built at a call: literal text, or a hole whose value is known only at run time.</summary>
internal readonly struct StringPart
{
    private StringPart(string? text, IOperation? hole)
    {
        Text = text;
        Hole = hole;
    }

    /// <summary>The literal text, or null for a hole.</summary>
    public string? Text { get; }

    /// <summary>The expression of a hole (an interpolation hole or a concatenated operand), or null for text.</summary>
    public IOperation? Hole { get; }

    public static StringPart Literal(string text) => new(text, null);

    public static StringPart Of(IOperation hole) => new(null, hole);
}

/// <summary>
/// Splits a string argument into literal text and holes when it is a constant, an interpolated string or a
/// <c>+</c> chain of strings written at the call; anything else (a local, a field, a method call) is not split.
/// </summary>
internal static class StringParts
{
    /// <summary>
    /// Strips the implicit conversions a string goes through to reach a RedisKey, RedisValue or object parameter, and
    /// a written user-defined conversion of a string (<c>(RedisKey)"user:1"</c>), which keeps the text.
    /// </summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion
            && (conversion.IsImplicit || (conversion.OperatorMethod is not null && conversion.Operand.Type?.SpecialType == SpecialType.System_String)))
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The parts of <paramref name="operation"/>, or null when it is not a constant, interpolation or concatenation.</summary>
    public static List<StringPart>? Of(IOperation operation)
    {
        operation = Unwrap(operation);
        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            return new List<StringPart> { StringPart.Literal(constant) };
        }

        if (operation is not IInterpolatedStringOperation && !IsStringConcatenation(operation))
        {
            return null;
        }

        var parts = new List<StringPart>();
        Add(operation, parts);
        return Merge(parts);
    }

    /// <summary>True when <paramref name="operation"/> is an expression whose value is fixed for the process: a constant or a static readonly field.</summary>
    public static bool IsStable(IOperation operation)
    {
        operation = Unwrap(operation);
        return operation.ConstantValue.HasValue
            || operation is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } };
    }

    private static bool IsStringConcatenation(IOperation operation)
        => operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String };

    private static void Add(IOperation operation, List<StringPart> parts)
    {
        operation = Unwrap(operation);
        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            parts.Add(StringPart.Literal(constant));
        }
        else if (operation is IInterpolatedStringOperation interpolated)
        {
            foreach (var content in interpolated.Parts)
            {
                if (content is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } })
                {
                    parts.Add(StringPart.Literal(text));
                }
                else if (content is IInterpolationOperation { Alignment: null, FormatString: null } hole
                    && hole.Expression.ConstantValue is { HasValue: true, Value: string holeText })
                {
                    parts.Add(StringPart.Literal(holeText));
                }
                else if (content is IInterpolationOperation interpolation)
                {
                    parts.Add(StringPart.Of(interpolation.Expression));
                }
            }
        }
        else if (IsStringConcatenation(operation))
        {
            var binary = (IBinaryOperation)operation;
            Add(binary.LeftOperand, parts);
            Add(binary.RightOperand, parts);
        }
        else
        {
            parts.Add(StringPart.Of(operation));
        }
    }

    private static List<StringPart> Merge(List<StringPart> parts)
    {
        var merged = new List<StringPart>(parts.Count);
        foreach (var part in parts)
        {
            if (part.Text is { } text && merged.Count > 0 && merged[merged.Count - 1].Text is { } previous)
            {
                merged[merged.Count - 1] = StringPart.Literal(previous + text);
            }
            else
            {
                merged.Add(part);
            }
        }

        return merged;
    }
}
