using System.Globalization;
using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the L1 of a method with <c>LocalTtl</c>: the static <c>LocalCache</c> field, and a body that looks the typed
/// key up before building any string, and on a miss goes to the store and keeps what it returns.
/// </summary>
internal static class LocalCacheEmitter
{
    public static string FieldName(CachedMethodModel model) => model.MemberPrefix + "_Local";

    public static void EmitField(SourceWriter writer, CachedMethodModel model, LocalCacheModel local)
    {
        var type = $"global::Caching.LocalCache<{local.KeyType}, {model.ValueType}>";
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        writer.WriteLine($"private static readonly {type} {FieldName(model)} = new {type}(");
        writer.WriteLine($"    {Literals.String(model.DisplayName)}, global::System.TimeSpan.FromSeconds({local.TtlSeconds.ToString(CultureInfo.InvariantCulture)}), {local.Capacity.ToString(CultureInfo.InvariantCulture)});");
    }

    /// <summary>
    /// Writes the method that builds the typed key from the parameters, when it reads any. Its own method, like the
    /// Redis key's: a hole's <c>?.</c> on a parameter declared non-nullable would otherwise make the compiler treat
    /// that parameter as maybe null for the rest of the body (CS8604 where it is passed on).
    /// </summary>
    public static void EmitKeyMethod(SourceWriter writer, CachedMethodModel model, LocalCacheModel local)
    {
        if (!HasKeyMethod(model, local))
        {
            return;
        }

        var parameters = string.Join(", ", model.Key.Parameters.Select(p => p.Type + " " + p.Name));
        writer.WriteLine();
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        writer.WriteLine($"private static {local.KeyType} {KeyMethodName(model)}({parameters})");
        writer.WriteLine($"    => {local.KeyExpression};");
    }

    private static string KeyMethodName(CachedMethodModel model) => model.MemberPrefix + "_LocalKey";

    private static bool HasKeyMethod(CachedMethodModel model, LocalCacheModel local) => local.KeyExpression is not null && model.Key.Parameters.Count > 0;

    public static void EmitMethod(SourceWriter writer, CachedMethodModel model, LocalCacheModel local)
    {
        CachedMethodEmitter.OpenMethod(writer, model);
        writer.WriteLine($"var __store = {model.StoreExpression};");
        writer.WriteLine($"var __local = {FieldName(model)}.For(__store);");
        var keyFirst = local.KeyExpression is null;
        var redisKey = KeyEmitter.Call(model.Key, "__store.KeyPrefix");
        if (keyFirst)
        {
            // No exact typed key: the Redis key is the L1 key, built before the look-up.
            writer.WriteLine($"var __key = {redisKey};");
        }

        var localKey = keyFirst ? "__key" : HasKeyMethod(model, local) ? $"{KeyMethodName(model)}({string.Join(", ", model.Key.Parameters.Select(p => p.Name))})" : local.KeyExpression;
        writer.WriteLine($"var __localKey = {localKey};");
        var hit = model.ReturnKind switch
        {
            ReturnKind.Task => ("TryGetTask", "__hit"),
            ReturnKind.ValueTask => ("TryGet", $"new global::System.Threading.Tasks.ValueTask<{model.ValueType}>(__hit)"),
            _ => ("TryGet", "__hit"),
        };
        writer.OpenBlock($"if (__local is not null && __local.{hit.Item1}(__localKey, out var __hit))");
        writer.WriteLine($"return {hit.Item2};");
        writer.CloseBlock();
        writer.WriteLine();

        // Read before the store call: an invalidation heard while it runs keeps its value out of L1.
        writer.WriteLine("var __generation = __local?.Generation ?? 0L;");
        if (!keyFirst)
        {
            writer.WriteLine($"var __key = {redisKey};");
        }

        writer.WriteLine($"string[]? __tags = {KeyEmitter.TagsArray(model.Tags)};");
        var state = CachedMethodEmitter.StateItems(model);
        var stateExpression = CachedMethodEmitter.StateExpression(state);
        var policy = PolicyEmitter.FieldName(model);
        if (model.ReturnKind == ReturnKind.Synchronous)
        {
            var core = CachedMethodEmitter.CoreCall(model, state.Count, "__cancellationToken");
            writer.WriteLine($"var __value = __store.GetOrCreate(__key, __tags, {policy}, {stateExpression}, static __state => {core});");
            writer.WriteLine("__local?.Add(__localKey, __key, __tags, __generation, __value);");
            writer.WriteLine("return __value;");
        }
        else
        {
            writer.WriteLine($"var __pending = __store.GetOrCreateAsync(__key, __tags, {policy}, {stateExpression},");
            writer.WriteLine($"    static (__state, __cancellationToken) => {CachedMethodEmitter.AsyncFactory(model, state.Count)},");
            writer.WriteLine($"    {CachedMethodEmitter.StoreToken(model)});");
            var result = "__local is null ? __pending : __local.AddWhenDone(__localKey, __key, __tags, __generation, __pending)";
            writer.WriteLine(model.ReturnKind == ReturnKind.Task ? $"return ({result}).AsTask();" : $"return {result};");
        }

        writer.CloseBlock();
    }
}
