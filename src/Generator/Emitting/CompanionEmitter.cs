using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the companions of a <c>[Cached]</c> method, with its parameters: <c>TryGet…Async</c> (a hit or nothing),
/// <c>Invalidate…Async</c>, <c>Refresh…Async</c> (reload through the core and overwrite) and <c>Warm…Async</c>
/// (load many through the core and write them in pipelines).
/// </summary>
internal static class CompanionEmitter
{
    public static void Emit(SourceWriter writer, CachedMethodModel model)
    {
        var companions = model.Companions;
        var modifiers = Modifiers(model);
        var signature = Signature(model);
        var token = companions.TokenName;
        var policy = PolicyEmitter.FieldName(model);
        var key = KeyEmitter.Call(model.Key, "__store.KeyPrefix");
        var tags = KeyEmitter.TagsArray(model.Tags);
        var valueTask = "global::System.Threading.Tasks.ValueTask";

        if (companions.TryGetName is { } tryGet)
        {
            writer.WriteLine();
            Summary(writer, $"Reads the cached value of <c>{model.MethodName}</c> without calling its core: a hit, or a miss.");
            writer.OpenBlock($"{modifiers}{valueTask}<global::Caching.CacheLookup<{model.ValueType}>> {tryGet}({signature})");
            writer.WriteLine($"var __store = {model.StoreExpression};");
            writer.WriteLine($"return __store.TryGetAsync({key}, {tags}, {policy}, {token});");
            writer.CloseBlock();
        }

        if (companions.InvalidateName is { } invalidate)
        {
            writer.WriteLine();
            Summary(writer, $"Invalidates the cached value of <c>{model.MethodName}</c> for these arguments; returns whether Redis took the command.");
            writer.OpenBlock($"{modifiers}{valueTask}<bool> {invalidate}({signature})");
            writer.WriteLine($"var __store = {model.StoreExpression};");
            writer.WriteLine($"return __store.InvalidateAsync({key}, {token});");
            writer.CloseBlock();
        }

        if (companions.RefreshName is { } refresh)
        {
            writer.WriteLine();
            Summary(writer, $"Reloads the value of <c>{model.MethodName}</c> through its core, stores it over the cached one and returns it.");
            writer.OpenBlock($"{modifiers}{valueTask}<{model.ValueType}> {refresh}({signature})");
            writer.WriteLine($"var __store = {model.StoreExpression};");
            var state = CachedMethodEmitter.StateItems(model);
            writer.WriteLine($"return __store.RefreshAsync({key}, {tags}, {policy}, {CachedMethodEmitter.StateExpression(state)},");
            writer.WriteLine($"    static (__state, __cancellationToken) => {AsValueTask(model, CachedMethodEmitter.CoreCall(model, state.Count, "__cancellationToken"))},");
            writer.WriteLine($"    {token});");
            writer.CloseBlock();
        }

        if (companions.WarmName is { } warm)
        {
            EmitWarm(writer, model, warm, modifiers, policy);
        }
    }

    private static void EmitWarm(SourceWriter writer, CachedMethodModel model, string name, string modifiers, string policy)
    {
        var keyParameters = model.Parameters.Where(p => !p.IsCancellationToken).ToList();
        var single = keyParameters.Count == 1;
        var itemType = single ? keyParameters[0].Type : "(" + string.Join(", ", keyParameters.Select(p => p.Type + " " + p.Name)) + ")";
        string Read(ParameterModel p) => single ? "__item" : "__item." + p.Name;
        var token = model.Companions.TokenName;
        var keyArguments = string.Join(", ", new[] { "__prefix" }.Concat(keyParameters.Select(Read)));
        var tags = model.Tags.Count == 0
            ? "null"
            : "static __item => new string[] { " + string.Join(", ", model.Tags.Select(t => $"{t.Name}({string.Join(", ", keyParameters.Select(Read))})")) + " }";
        var target = model.IsStatic ? "(object?)null" : "this";
        var coreTarget = model.IsStatic ? model.CoreName : "__state." + model.CoreName;
        var coreArguments = string.Join(", ", model.Parameters.Select(p => p.IsCancellationToken ? "__cancellationToken" : Read(p)));

        writer.WriteLine();
        Summary(writer, $"Loads the value of <c>{model.MethodName}</c> for each item through its core, in batches, and stores each batch in one pipeline; returns how many were stored.");
        writer.OpenBlock($"{modifiers}global::System.Threading.Tasks.ValueTask<int> {name}(global::System.Collections.Generic.IEnumerable<{itemType}> items, global::System.Threading.CancellationToken {token} = default)");
        writer.WriteLine($"var __store = {model.StoreExpression};");
        writer.WriteLine("var __prefix = __store.KeyPrefix;");
        writer.WriteLine($"return __store.WarmAsync(items, __item => {model.Key.Name}({keyArguments}), {tags}, {policy}, {target},");
        writer.WriteLine($"    static (__state, __item, __cancellationToken) => {AsValueTask(model, $"{coreTarget}({coreArguments})")},");
        writer.WriteLine($"    {token});");
        writer.CloseBlock();
    }

    private static string AsValueTask(CachedMethodModel model, string coreCall) => model.CoreReturnKind switch
    {
        ReturnKind.ValueTask => coreCall,
        _ => $"new global::System.Threading.Tasks.ValueTask<{model.ValueType}>({coreCall})",
    };

    // The method's parameters with their defaults, plus a cancellation token when it has none.
    internal static string Signature(CachedMethodModel model)
    {
        var parameters = model.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type + " " + p.Name + (p.DefaultValue is null ? "" : " = " + p.DefaultValue)).ToList();
        if (model.Companions.AddsToken)
        {
            // Optional, so calls read like the method's; before a params array, which must stay last.
            var tokenParameter = "global::System.Threading.CancellationToken " + model.Companions.TokenName + " = default";
            parameters.Insert(model.Parameters.Any(p => p.IsParams) ? parameters.Count - 1 : parameters.Count, tokenParameter);
        }

        return string.Join(", ", parameters);
    }

    // Accessibility and static, as on the method; companions are never virtual, override or extern.
    internal static string Modifiers(CachedMethodModel model)
    {
        var kept = model.Modifiers.Split(' ').Where(m => m is "public" or "private" or "protected" or "internal" or "static").ToList();
        return kept.Count == 0 ? "" : string.Join(" ", kept) + " ";
    }

    private static void Summary(SourceWriter writer, string text)
    {
        writer.WriteLine("/// <summary>" + text + "</summary>");
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
    }
}
