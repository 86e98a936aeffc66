using System.Globalization;
using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the static method that builds a cached method's key: app prefix, type prefix, the template's literals
/// and holes, and the schema suffix, straight into a stack buffer through <c>CacheKeyBuilder</c>.
/// </summary>
internal static class KeyEmitter
{
    private const string Builder = "__builder";
    private const string PrefixParameter = "__cachingPrefix";

    public static string MethodName(CachedMethodModel model) => model.MemberPrefix + "_Key";

    /// <summary>The call that builds the key, given the expression of the store's prefix.</summary>
    public static string Call(CachedMethodModel model, string prefixExpression)
        => $"{MethodName(model)}({string.Join(", ", new[] { prefixExpression }.Concat(KeyParameters(model).Select(p => p.Name)))})";

    public static void Emit(SourceWriter writer, CachedMethodModel model)
    {
        var parameters = string.Join(", ", new[] { "string " + PrefixParameter }.Concat(KeyParameters(model).Select(p => p.Type + " " + p.Name)));
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        writer.OpenBlock($"private static string {MethodName(model)}({parameters})");
        writer.WriteLine($"var {Builder} = new global::Caching.CacheKeyBuilder(stackalloc char[256]);");
        writer.WriteLine($"{Builder}.AppendLiteral({PrefixParameter});");
        var pendingLiteral = model.KeyPrefix;
        var holeIndex = 0;
        foreach (var part in model.KeyParts)
        {
            if (part.Literal is not null)
            {
                pendingLiteral += part.Literal;
                continue;
            }

            FlushLiteral(writer, ref pendingLiteral);
            EmitHole(writer, part, holeIndex++);
        }

        pendingLiteral += "#" + model.SchemaHash.ToString("x8", CultureInfo.InvariantCulture);
        FlushLiteral(writer, ref pendingLiteral);
        writer.WriteLine($"return {Builder}.ToKey();");
        writer.CloseBlock();
    }

    private static System.Collections.Generic.IEnumerable<ParameterModel> KeyParameters(CachedMethodModel model)
        => model.Parameters.Where(p => !p.IsCancellationToken);

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
