using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis.Text;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the file for one <c>[Cached]</c> method: the containing types reopened, the policy field, the key
/// builder, and the partial method's body (cache-aside through the store, the core called on a miss).
/// </summary>
internal static class CachedMethodEmitter
{
    /// <param name="model">The method.</param>
    /// <param name="jsonContext">For a JSON-stored value, the chosen context; required then.</param>
    public static (string HintName, SourceText Source) Emit(CachedMethodModel model, string? jsonContext)
    {
        var writer = new SourceWriter();
        PartialTypeScaffold.Open(writer, model.Namespace, model.Containers);

        PolicyEmitter.Emit(writer, model, jsonContext);
        writer.WriteLine();
        if (model.Hash is { } hash)
        {
            HashLayoutEmitter.EmitMapper(writer, model, hash);
            writer.WriteLine();
        }

        if (model.Local is { } local)
        {
            LocalCacheEmitter.EmitField(writer, model, local);
            writer.WriteLine();
            LocalCacheEmitter.EmitMethod(writer, model, local);
        }
        else
        {
            EmitMethod(writer, model);
        }

        CompanionEmitter.Emit(writer, model);
        if (model.Hash is { } hashReads)
        {
            HashLayoutEmitter.EmitFieldReads(writer, model, hashReads);
        }

        writer.WriteLine();
        KeyEmitter.Emit(writer, model.Key);
        if (model.Local is { } localKey)
        {
            LocalCacheEmitter.EmitKeyMethod(writer, model, localKey);
        }

        foreach (var tag in model.Tags)
        {
            writer.WriteLine();
            KeyEmitter.Emit(writer, tag);
        }

        PartialTypeScaffold.Close(writer, model.Namespace, model.Containers);

        return (model.HintName, writer.ToSourceText());
    }

    private static void EmitMethod(SourceWriter writer, CachedMethodModel model)
    {
        OpenMethod(writer, model);
        writer.WriteLine($"var __store = {model.StoreExpression};");
        writer.WriteLine($"var __key = {KeyEmitter.Call(model.Key, "__store.KeyPrefix")};");

        var state = StateItems(model);
        var stateExpression = StateExpression(state);
        var tags = KeyEmitter.TagsArray(model.Tags);
        var policy = PolicyEmitter.FieldName(model);
        var core = CoreCall(model, state.Count, "__cancellationToken");
        if (model.ReturnKind == ReturnKind.Synchronous)
        {
            writer.WriteLine($"return __store.GetOrCreate(__key, {tags}, {policy}, {stateExpression}, static __state => {core});");
        }
        else
        {
            var factory = AsyncFactory(model, state.Count);
            var token = StoreToken(model);
            var asTask = model.ReturnKind == ReturnKind.Task ? ".AsTask()" : "";
            writer.WriteLine($"return __store.GetOrCreateAsync(__key, {tags}, {policy}, {stateExpression},");
            writer.WriteLine($"    static (__state, __cancellationToken) => {factory},");
            writer.WriteLine($"    {token}){asTask};");
        }

        writer.CloseBlock();
    }

    /// <summary>Opens the partial method's implementation.</summary>
    public static void OpenMethod(SourceWriter writer, CachedMethodModel model)
    {
        var parameters = string.Join(", ", model.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type + " " + p.Name));
        var modifiers = model.Modifiers.Length == 0 ? "" : model.Modifiers + " ";
        // No [GeneratedCode] here: a partial method's parts share attributes, so it would mark the user's own
        // declaration as generated, and analyzers (ours included) would skip it.
        writer.OpenBlock($"{modifiers}partial {model.ReturnType} {model.MethodName}({parameters})");
    }

    /// <summary>The factory handed to <c>GetOrCreateAsync</c>: the core call as a <c>ValueTask</c>.</summary>
    public static string AsyncFactory(CachedMethodModel model, int stateCount)
    {
        var core = CoreCall(model, stateCount, "__cancellationToken");
        return model.CoreReturnKind == ReturnKind.Task ? $"new global::System.Threading.Tasks.ValueTask<{model.ValueType}>({core})" : core;
    }

    /// <summary>The token the store gets: the method's first cancellation token, or <c>default</c>.</summary>
    public static string StoreToken(CachedMethodModel model) => model.Parameters.FirstOrDefault(p => p.IsStoreToken)?.Name ?? "default";

    // The values the static factory needs: the instance (for an instance method) and every argument except the
    // token the store hands over.
    public static string StateExpression(List<string> state) => state.Count switch
    {
        0 => "(object?)null",
        1 => state[0],
        _ => "(" + string.Join(", ", state) + ")",
    };

    public static List<string> StateItems(CachedMethodModel model)
    {
        var items = new List<string>();
        if (!model.IsStatic)
        {
            items.Add("this");
        }

        items.AddRange(model.Parameters.Where(p => !p.IsStoreToken).Select(p => p.Name));
        return items;
    }

    /// <summary>The core call inside a static factory, reading the arguments from <c>__state</c>; every token becomes <paramref name="token"/>.</summary>
    public static string CoreCall(CachedMethodModel model, int stateCount, string token)
    {
        var index = model.IsStatic ? 0 : 1;
        string Item() => stateCount == 1 ? "__state" : "__state.Item" + (++index).ToString(CultureInfo.InvariantCulture);
        var target = model.IsStatic ? model.CoreName : (stateCount == 1 ? "__state" : "__state.Item1") + "." + model.CoreName;
        var arguments = model.Parameters.Select(p => p.IsStoreToken ? token : Item()).ToList();
        return $"{target}({string.Join(", ", arguments)})";
    }
}
