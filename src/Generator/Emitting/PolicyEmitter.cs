using System.Collections.Generic;
using System.Globalization;
using Caching.Generators.Model;
using Caching.Generators.Shared;

namespace Caching.Generators.Emitting;

/// <summary>Writes the static <c>CachePolicy&lt;T&gt;</c> field of a cached method: TTL, jitter, schema hash, serializer.</summary>
internal static class PolicyEmitter
{
    public static string FieldName(CachedMethodModel model) => model.MemberPrefix + "_Policy";

    public static void Emit(SourceWriter writer, CachedMethodModel model, string? jsonContext)
        => Emit(writer, FieldName(model), model.DisplayName, model.ValueType, model.TtlSeconds, model.JitterSeconds, model.SchemaHash, model.Serializer, jsonContext, model.TtlFor,
            Settings(model));

    public static void Emit(
        SourceWriter writer, string fieldName, string displayName, string valueType, int ttlSeconds, int jitterSeconds, uint schemaHash,
        SerializerModel serializer, string? jsonContext, string? ttlFor = null, string settings = "")
    {
        var policyType = $"global::Caching.CachePolicy<{valueType}>";
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        writer.WriteLine($"private static readonly {policyType} {fieldName} = new {policyType}(");
        writer.WriteLine($"    {Literals.String(displayName)},");
        writer.WriteLine(ttlSeconds == 0
            ? "    global::System.TimeSpan.Zero, // no Ttl in code: the store's DefaultTtl"
            : $"    global::System.TimeSpan.FromSeconds({ttlSeconds.ToString(CultureInfo.InvariantCulture)}),");
        writer.WriteLine($"    global::System.TimeSpan.FromSeconds({jitterSeconds.ToString(CultureInfo.InvariantCulture)}),");
        writer.WriteLine($"    0x{schemaHash.ToString("X8", CultureInfo.InvariantCulture)}u,");
        // '!': the serializer is declared over the unannotated type; the policy over the method's (maybe nullable) one.
        writer.WriteLine($"    {Serializer(serializer, jsonContext)}!{(ttlFor is null ? "" : $",\n    static __value => {ttlFor}(__value)")}){settings};");
    }

    // The policy's fail-safe, timeout, refresh-ahead and compression settings, as an object initializer; empty when all are off.
    private static string Settings(CachedMethodModel model)
    {
        var items = new List<string>();
        if (model.FailSafeSeconds > 0)
        {
            items.Add($"FailSafe = global::System.TimeSpan.FromSeconds({model.FailSafeSeconds.ToString(CultureInfo.InvariantCulture)})");
        }

        if (model.SoftTimeoutMs > 0)
        {
            items.Add($"SoftTimeout = global::System.TimeSpan.FromMilliseconds({model.SoftTimeoutMs.ToString(CultureInfo.InvariantCulture)})");
        }

        if (model.HardTimeoutMs > 0)
        {
            items.Add($"HardTimeout = global::System.TimeSpan.FromMilliseconds({model.HardTimeoutMs.ToString(CultureInfo.InvariantCulture)})");
        }

        if (model.RefreshAhead > 0)
        {
            items.Add($"RefreshAhead = {model.RefreshAhead.ToString("R", CultureInfo.InvariantCulture)}");
        }

        if (model.Hash is { } hash)
        {
            items.Add(HashLayoutEmitter.PolicySetting(hash));
        }

        if (model.CompressAbove > 0)
        {
            items.Add($"CompressAbove = {model.CompressAbove.ToString(CultureInfo.InvariantCulture)}");
        }

        return items.Count == 0 ? "" : "\n{\n    " + string.Join(",\n    ", items) + ",\n}";
    }

    /// <summary>The expression of a serializer for <paramref name="serializer"/>'s type.</summary>
    public static string Serializer(SerializerModel serializer, string? jsonContext)
    {
        var type = serializer.ValueType;
        return serializer.Kind switch
        {
            SerializerKind.Unmanaged => $"global::Caching.UnmanagedCacheSerializer<{type}>.Instance",
            SerializerKind.NullableUnmanaged => $"new global::Caching.NullableCacheSerializer<{type}>(global::Caching.UnmanagedCacheSerializer<{type}>.Instance)",
            SerializerKind.String => "global::Caching.StringCacheSerializer.Instance",
            SerializerKind.ByteArray => "global::Caching.ByteArrayCacheSerializer.Instance",
            SerializerKind.Hash => $"global::Caching.HashLayoutSerializer<{type}>.Instance",
            _ => $"global::Caching.JsonCacheSerializer<{type}>.FromContext({jsonContext}.Default.GetTypeInfo(typeof({type})), {Literals.String(jsonContext!.Replace("global::", ""))})",
        };
    }
}
