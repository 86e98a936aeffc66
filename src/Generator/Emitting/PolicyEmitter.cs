using System.Globalization;
using Caching.Generators.Model;
using Caching.Generators.Shared;

namespace Caching.Generators.Emitting;

/// <summary>Writes the static <c>CachePolicy&lt;T&gt;</c> field of a cached method: TTL, jitter, schema hash, serializer.</summary>
internal static class PolicyEmitter
{
    public static string FieldName(CachedMethodModel model) => model.MemberPrefix + "_Policy";

    public static void Emit(SourceWriter writer, CachedMethodModel model, string? jsonContext)
    {
        var policyType = $"global::Caching.CachePolicy<{model.ValueType}>";
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        writer.WriteLine($"private static readonly {policyType} {FieldName(model)} = new {policyType}(");
        writer.WriteLine($"    {Literals.String(model.DisplayName)},");
        writer.WriteLine($"    global::System.TimeSpan.FromSeconds({model.TtlSeconds.ToString(CultureInfo.InvariantCulture)}),");
        writer.WriteLine($"    global::System.TimeSpan.FromSeconds({model.JitterSeconds.ToString(CultureInfo.InvariantCulture)}),");
        writer.WriteLine($"    0x{model.SchemaHash.ToString("X8", CultureInfo.InvariantCulture)}u,");
        // '!': the serializer is declared over the unannotated type; the policy over the method's (maybe nullable) one.
        writer.WriteLine($"    {Serializer(model.Serializer, jsonContext)}!);");
    }

    private static string Serializer(SerializerModel serializer, string? jsonContext)
    {
        var type = serializer.ValueType;
        return serializer.Kind switch
        {
            SerializerKind.Unmanaged => $"global::Caching.UnmanagedCacheSerializer<{type}>.Instance",
            SerializerKind.NullableUnmanaged => $"new global::Caching.NullableCacheSerializer<{type}>(global::Caching.UnmanagedCacheSerializer<{type}>.Instance)",
            SerializerKind.String => "global::Caching.StringCacheSerializer.Instance",
            SerializerKind.ByteArray => "global::Caching.ByteArrayCacheSerializer.Instance",
            _ => $"global::Caching.JsonCacheSerializer<{type}>.FromContext({jsonContext}.Default.GetTypeInfo(typeof({type})), {Literals.String(jsonContext!.Replace("global::", ""))})",
        };
    }
}
