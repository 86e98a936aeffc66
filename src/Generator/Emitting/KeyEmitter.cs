using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the static methods that build keys and tag names: the store's prefix (for keys), the type's prefix, the
/// template's literals and holes, and the suffix, straight into a stack buffer through <c>CacheKeyBuilder</c>.
/// </summary>
internal static class KeyEmitter
{
    private const string Builder = "__builder";
    private const string PrefixParameter = "__cachingPrefix";
    private const string SuffixParameter = "__cachingSuffix";

    /// <summary>The call that builds the key, given the expressions of the store's prefix and (when passed in) the suffix.</summary>
    public static string Call(KeyMethodModel key, string prefixExpression, string? suffixExpression = null)
    {
        var arguments = new List<string>();
        if (key.WithStorePrefix)
        {
            arguments.Add(prefixExpression);
        }

        if (key.SuffixParameter)
        {
            arguments.Add(suffixExpression!);
        }

        arguments.AddRange(key.Parameters.Select(p => p.Name));
        return $"{key.Name}({string.Join(", ", arguments)})";
    }

    /// <summary>An array expression of the tag names, or <c>null</c> without tags.</summary>
    public static string TagsArray(EquatableArray<KeyMethodModel> tags)
        => tags.Count == 0 ? "null" : "new string[] { " + string.Join(", ", tags.Select(t => Call(t, ""))) + " }";

    public static void Emit(SourceWriter writer, KeyMethodModel key)
    {
        var parameters = new List<string>();
        if (key.WithStorePrefix)
        {
            parameters.Add("string " + PrefixParameter);
        }

        if (key.SuffixParameter)
        {
            parameters.Add("string " + SuffixParameter);
        }

        parameters.AddRange(key.Parameters.Select(p => p.Type + " " + p.Name));
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        writer.OpenBlock($"private static string {key.Name}({string.Join(", ", parameters)})");
        writer.WriteLine($"var {Builder} = new global::Caching.CacheKeyBuilder(stackalloc char[256]);");
        if (key.WithStorePrefix)
        {
            writer.WriteLine($"{Builder}.AppendLiteral({PrefixParameter});");
        }

        var pendingLiteral = key.LiteralPrefix;
        var holeIndex = 0;
        foreach (var part in key.Parts)
        {
            if (part.Literal is not null)
            {
                pendingLiteral += part.Literal;
                continue;
            }

            FlushLiteral(writer, ref pendingLiteral);
            EmitHole(writer, part, holeIndex++);
        }

        pendingLiteral += key.Suffix;
        FlushLiteral(writer, ref pendingLiteral);
        if (key.SuffixParameter)
        {
            writer.WriteLine($"{Builder}.AppendLiteral({SuffixParameter});");
        }

        writer.WriteLine($"return {Builder}.ToKey();");
        writer.CloseBlock();
    }

    /// <summary>The schema suffix of a key: <c>#</c> and the hash in eight hex digits.</summary>
    public static string SchemaSuffix(uint schemaHash) => "#" + schemaHash.ToString("x8", CultureInfo.InvariantCulture);

    private static void FlushLiteral(SourceWriter writer, ref string literal)
    {
        if (literal.Length > 0)
        {
            writer.WriteLine($"{Builder}.AppendLiteral({Literals.String(literal)});");
            literal = "";
        }
    }

    private static void EmitHole(SourceWriter writer, KeyPartModel hole, int index)
    {
        if (!hole.IsNullableValue)
        {
            writer.WriteLine(Append(hole, hole.Expression!) + ";");
            return;
        }

        var local = "__hole" + index.ToString(CultureInfo.InvariantCulture);
        writer.OpenBlock($"if ({hole.Expression} is {{ }} {local})");
        writer.WriteLine(Append(hole, local) + ";");
        writer.CloseBlock();
        writer.OpenBlock("else");
        writer.WriteLine($"{Builder}.AppendNull();");
        writer.CloseBlock();
    }

    private static string Append(KeyPartModel hole, string value) => hole.Kind switch
    {
        HoleKind.SignedEnum => $"{Builder}.AppendFormattable((long)({value}), null)",
        HoleKind.UnsignedEnum => $"{Builder}.AppendFormattable((ulong)({value}), null)",
        HoleKind.Formattable => $"{Builder}.AppendFormattable({value}, {Literals.StringOrNull(hole.Format)})",
        _ => $"{Builder}.AppendHole({value})",
    };
}
