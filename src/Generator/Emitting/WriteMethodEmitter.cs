using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis.Text;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the file for one write method: write-through (the core, then the value stored), write-behind (the call
/// queued, the value stored, the core run later by the worker) and the invalidations that follow the core.
/// </summary>
internal static class WriteMethodEmitter
{
    /// <param name="model">The method.</param>
    /// <param name="jsonContexts">The chosen context of each type in <see cref="WriteMethodModel.JsonTypes"/>.</param>
    /// <param name="invalidatedSchemas">For each invalidated key, the schema hashes of the cached keys of its shape.</param>
    public static (string HintName, SourceText Source) Emit(WriteMethodModel model, IReadOnlyDictionary<string, string> jsonContexts, IReadOnlyList<IReadOnlyList<uint>> invalidatedSchemas)
    {
        var writer = new SourceWriter();
        PartialTypeScaffold.Open(writer, model.Namespace, model.Containers);

        if (model.Stored is { } stored)
        {
            PolicyEmitter.Emit(writer, PolicyField(model), model.DisplayName, stored.ValueType, stored.TtlSeconds, stored.JitterSeconds, stored.SchemaHash,
                stored.Serializer, JsonContext(stored.Serializer, jsonContexts));
            writer.WriteLine();
        }

        for (var i = 0; i < model.QueuedArguments.Count; i++)
        {
            var argument = model.QueuedArguments[i];
            writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
            writer.WriteLine(GeneratedCodeAttributes.Hidden);
            writer.WriteLine($"internal static readonly global::Caching.ICacheSerializer<{argument.Type}> {ArgumentField(model, i)} = {PolicyEmitter.Serializer(argument.Serializer, JsonContext(argument.Serializer, jsonContexts))};");
            writer.WriteLine();
        }

        EmitMethod(writer, model);
        writer.WriteLine();
        EmitAfterCore(writer, model, invalidatedSchemas);

        if (model.Stored is { } keyed)
        {
            writer.WriteLine();
            KeyEmitter.Emit(writer, keyed.Key);
            foreach (var tag in keyed.Tags)
            {
                writer.WriteLine();
                KeyEmitter.Emit(writer, tag);
            }
        }

        for (var i = 0; i < model.InvalidatedKeys.Count; i++)
        {
            if (invalidatedSchemas[i].Count > 0)
            {
                writer.WriteLine();
                KeyEmitter.Emit(writer, model.InvalidatedKeys[i]);
            }
        }

        foreach (var tag in model.InvalidatedTags)
        {
            writer.WriteLine();
            KeyEmitter.Emit(writer, tag);
        }

        PartialTypeScaffold.Close(writer, model.Namespace, model.Containers);

        return (model.HintName, writer.ToSourceText());
    }

    public static string ArgumentField(WriteMethodModel model, int index) => model.MemberPrefix + "_Argument" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The instance (or static) method that runs what follows a successful core: the invalidations.</summary>
    public static string AfterCoreName(WriteMethodModel model) => model.MemberPrefix + "_AfterCoreAsync";

    private static string PolicyField(WriteMethodModel model) => model.MemberPrefix + "_Policy";

    private static string? JsonContext(SerializerModel serializer, IReadOnlyDictionary<string, string> contexts)
        => serializer.Kind == SerializerKind.Json ? contexts[serializer.ValueType] : null;

    private static void EmitMethod(SourceWriter writer, WriteMethodModel model)
    {
        var parameters = string.Join(", ", model.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type + " " + p.Name));
        var modifiers = model.Modifiers.Length == 0 ? "" : model.Modifiers + " ";
        var token = model.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Name ?? "default";
        var target = model.IsStatic ? "" : "this.";
        var core = $"{target}{model.CoreName}({string.Join(", ", model.Parameters.Select(p => p.Name))})";
        var argumentNames = string.Join(", ", model.Parameters.Where(p => !p.IsCancellationToken).Select(p => p.Name));

        writer.OpenBlock($"{modifiers}async partial {model.ReturnType} {model.MethodName}({parameters})");
        if (model.Kind != WriteKind.None)
        {
            writer.WriteLine($"var __store = {model.StoreExpression};");
        }

        if (model.Kind == WriteKind.Behind)
        {
            writer.WriteLine("var __arguments = new global::Caching.WriteBehindArguments()");
            for (var i = 0; i < model.QueuedArguments.Count; i++)
            {
                writer.WriteLine($"    .Write({model.QueuedArguments[i].Name}, {ArgumentField(model, i)})");
            }

            writer.WriteLine("    .ToMemory();");
            writer.OpenBlock($"if (!await __store.EnqueueWriteBehindAsync({Literals.String(model.HandlerId)}, __arguments, {token}).ConfigureAwait(false))");
            writer.WriteLine("// Redis did not take the call: run it now, so the write is not lost.");
            writer.WriteLine($"await {core}.ConfigureAwait(false);");
            writer.WriteLine($"await {AfterCoreName(model)}({argumentNames}).ConfigureAwait(false);");
            writer.CloseBlock();
            EmitStore(writer, model);
            writer.CloseBlock();
            return;
        }

        // The core (the database write) first: if it throws, the cache is untouched and the exception reaches the caller.
        writer.WriteLine(model.ResultType is null ? $"await {core}.ConfigureAwait(false);" : $"var __result = await {core}.ConfigureAwait(false);");
        EmitStore(writer, model);
        writer.WriteLine($"await {AfterCoreName(model)}({argumentNames}).ConfigureAwait(false);");
        if (model.ResultType is not null)
        {
            writer.WriteLine("return __result;");
        }

        writer.CloseBlock();
    }

    // Stores the newest value; the caller's token is not passed: once the write happened, the cache must follow it.
    private static void EmitStore(SourceWriter writer, WriteMethodModel model)
    {
        if (model.Stored is not { } stored)
        {
            return;
        }

        var value = stored.ValueExpression ?? "__result";
        writer.WriteLine($"await __store.SetAsync({KeyEmitter.Call(stored.Key, "__store.KeyPrefix")}, {KeyEmitter.TagsArray(stored.Tags)}, {value}, {PolicyField(model)}).ConfigureAwait(false);");
    }

    private static void EmitAfterCore(SourceWriter writer, WriteMethodModel model, IReadOnlyList<IReadOnlyList<uint>> invalidatedSchemas)
    {
        var parameters = string.Join(", ", model.Parameters.Where(p => !p.IsCancellationToken).Select(p => p.Type + " " + p.Name));
        var isStatic = model.IsStatic ? "static " : "";
        writer.WriteLine(model.Kind == WriteKind.Behind && model.Stored is not null
            ? "/// <summary>What follows a successful core: the invalidations, its own key's first. The write-behind worker calls it too.</summary>"
            : "/// <summary>What follows a successful core: the invalidations. The write-behind worker calls it too.</summary>");
        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.WriteLine(GeneratedCodeAttributes.Hidden);
        // A write-behind call run by the worker also invalidates its own key: the entry the call stored may have been
        // invalidated meanwhile (a tag, a failed SET) and refilled from the database, which did not have the call's
        // write yet; without this the older value would be served until its TTL. (Found by the cluster fault tests.)
        var ownKey = model.Kind == WriteKind.Behind ? model.Stored?.Key : null;
        var any = invalidatedSchemas.Any(s => s.Count > 0) || model.InvalidatedTags.Count > 0 || ownKey is not null;
        writer.OpenBlock($"internal {isStatic}{(any ? "async " : "")}global::System.Threading.Tasks.ValueTask {AfterCoreName(model)}({parameters})");
        if (!any)
        {
            writer.WriteLine("return default;");
            writer.CloseBlock();
            return;
        }

        writer.WriteLine($"var __store = {model.StoreExpression};");
        if (ownKey is not null)
        {
            writer.WriteLine($"await __store.InvalidateAsync({KeyEmitter.Call(ownKey, "__store.KeyPrefix")}).ConfigureAwait(false);");
        }

        for (var i = 0; i < model.InvalidatedKeys.Count; i++)
        {
            foreach (var schema in invalidatedSchemas[i])
            {
                var key = KeyEmitter.Call(model.InvalidatedKeys[i], "__store.KeyPrefix", Literals.String(KeyEmitter.SchemaSuffix(schema)));
                writer.WriteLine($"await __store.InvalidateAsync({key}).ConfigureAwait(false);");
            }
        }

        foreach (var tag in model.InvalidatedTags)
        {
            writer.WriteLine($"await __store.InvalidateTagAsync({KeyEmitter.Call(tag, "")}).ConfigureAwait(false);");
        }

        writer.CloseBlock();
    }
}
