using System.Globalization;
using System.Linq;
using Caching.Generators.Model;

namespace Caching.Generators.Emitting;

/// <summary>
/// <c>Layout = Hash</c>: writes the nested <c>ICacheHashMapper&lt;T&gt;</c> (fields in declaration order, values through
/// <c>HashFields</c>, the value built by its constructor and initializer, no reflection) and one single-field read per
/// property, <c>Get&lt;Base&gt;&lt;Property&gt;Async</c>, with the method's key parameters.
/// </summary>
internal static class HashLayoutEmitter
{
    private const string RedisValue = "global::StackExchange.Redis.RedisValue";

    /// <summary>The policy initializer's entry.</summary>
    public static string PolicySetting(HashLayoutModel hash) => $"HashMapper = new {hash.MapperName}()";

    public static void EmitMapper(SourceWriter writer, CachedMethodModel model, HashLayoutModel hash)
    {
        var properties = hash.Properties;
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        writer.OpenBlock($"private sealed class {hash.MapperName} : global::Caching.ICacheHashMapper<{model.ValueType}>");
        writer.WriteLine($"private static readonly {RedisValue}[] __fields = new {RedisValue}[] {{ {string.Join(", ", properties.Select(p => Literals.String(p.Name)))} }};");
        writer.WriteLine();
        writer.WriteLine($"public {RedisValue}[] Fields => __fields;");
        writer.WriteLine();
        writer.OpenBlock($"public void Write({model.ValueType} value, global::System.Span<{RedisValue}> destination)");
        for (var i = 0; i < properties.Count; i++)
        {
            var p = properties[i];
            writer.WriteLine($"destination[{Index(i)}] = global::Caching.HashFields.Write({p.WriteCast}value!.{p.Accessor});");
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock($"public bool TryRead(global::System.ReadOnlySpan<{RedisValue}> values, [global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out {model.ValueType} value)");
        writer.WriteLine("value = default;");
        for (var i = 0; i < properties.Count; i++)
        {
            writer.WriteLine($"if (!global::Caching.HashFields.TryRead(values[{Index(i)}], out {properties[i].ReadType} __v{Index(i)})) return false;");
        }

        var arguments = Enumerable.Range(0, hash.ConstructorArguments)
            .Select(position => properties.Select((p, i) => (p, i)).First(x => x.p.ConstructorPosition == position))
            .Select(x => Converted(x.p, x.i));
        var initializers = properties.Select((p, i) => (p, i)).Where(x => x.p.ConstructorPosition < 0).Select(x => $"{x.p.Accessor} = {Converted(x.p, x.i)}").ToList();
        var construction = $"new {hash.TypeName}({string.Join(", ", arguments)})" + (initializers.Count == 0 ? "" : " { " + string.Join(", ", initializers) + " }");
        writer.WriteLine($"value = {construction};");
        writer.WriteLine("return true;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    public static void EmitFieldReads(SourceWriter writer, CachedMethodModel model, HashLayoutModel hash)
    {
        var modifiers = CompanionEmitter.Modifiers(model);
        var signature = CompanionEmitter.Signature(model);
        var token = model.Companions.TokenName;
        var policy = PolicyEmitter.FieldName(model);
        var key = KeyEmitter.Call(model.Key, "__store.KeyPrefix");
        for (var i = 0; i < hash.Properties.Count; i++)
        {
            var p = hash.Properties[i];
            if (p.ReadMethodName is null)
            {
                continue;
            }

            var lookup = $"global::Caching.CacheLookup<{p.Type}>";
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Reads <c>{p.Name}</c> of the cached value of <c>{model.MethodName}</c> with one command (the field and the entry's header), without calling its core: a hit, or a miss.</summary>");
            writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
            writer.OpenBlock($"{modifiers}async global::System.Threading.Tasks.ValueTask<{lookup}> {p.ReadMethodName}({signature})");
            writer.WriteLine($"var __store = {model.StoreExpression};");
            writer.WriteLine($"var __field = await __store.TryGetHashFieldAsync({key}, {policy}, {Index(i)}, {token}).ConfigureAwait(false);");
            writer.WriteLine("if (!__field.IsHit)");
            writer.OpenBlock();
            writer.WriteLine($"return new {lookup}(__field.Status, default);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"return global::Caching.HashFields.TryRead(__field.Value, out {p.ReadType} __value)");
            writer.WriteLine($"    ? new {lookup}(global::Caching.CacheEntryStatus.Hit, {p.ReadConversion.Replace("$", "__value")})");
            writer.WriteLine($"    : new {lookup}(global::Caching.CacheEntryStatus.Corrupt, default);");
            writer.CloseBlock();
        }
    }

    private static string Converted(HashPropertyModel property, int index) => property.ReadConversion.Replace("$", "__v" + Index(index));

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
