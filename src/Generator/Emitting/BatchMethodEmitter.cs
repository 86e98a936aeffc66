using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Shared;
using Microsoft.CodeAnalysis.Text;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the file for one <c>[CachedBatch]</c> method: the store reads every id's entry in one round trip per
/// hash slot, the core gets the misses only, and the misses are written back in one pipeline.
/// </summary>
internal static class BatchMethodEmitter
{
    public static (string HintName, SourceText Source) Emit(BatchMethodModel model, string? jsonContext)
    {
        var writer = new SourceWriter();
        PartialTypeScaffold.Open(writer, model.Namespace, model.Containers);

        var policy = model.MemberPrefix + "_Policy";
        PolicyEmitter.Emit(writer, policy, model.DisplayName, model.ValueType, model.TtlSeconds, model.JitterSeconds, model.SchemaHash, model.Serializer, jsonContext);
        writer.WriteLine();
        EmitMethod(writer, model, policy);
        writer.WriteLine();
        KeyEmitter.Emit(writer, model.Key);
        foreach (var tag in model.Tags)
        {
            writer.WriteLine();
            KeyEmitter.Emit(writer, tag);
        }

        PartialTypeScaffold.Close(writer, model.Namespace, model.Containers);

        return (model.HintName, writer.ToSourceText());
    }

    private static void EmitMethod(SourceWriter writer, BatchMethodModel model, string policy)
    {
        var parameters = string.Join(", ", model.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type + " " + p.Name));
        var modifiers = model.Modifiers.Length == 0 ? "" : model.Modifiers + " ";
        var token = model.Parameters.FirstOrDefault(p => p.IsStoreToken)?.Name ?? "default";
        var dictionary = $"global::System.Collections.Generic.IReadOnlyDictionary<{model.IdType}, {model.ValueType}>";
        // The key builders' arguments: one id (the lambda's parameter, named by the alias), then the other parameters.
        var keyArguments = string.Join(", ", new[] { "__prefix" }.Concat(model.Key.Parameters.Select(p => p.Name)));
        var tags = model.Tags.Count == 0
            ? "null"
            : $"{model.IdAlias} => new string[] {{ " + string.Join(", ", model.Tags.Select(t => $"{t.Name}({string.Join(", ", t.Parameters.Select(p => p.Name))})")) + " }";
        var coreArguments = string.Join(", ", model.Parameters.Select(p => p.Name == model.IdsParameter ? "__misses" : p.IsStoreToken ? "__cancellationToken" : p.Name));
        var core = $"{(model.IsStatic ? "" : "this.")}{model.CoreName}({coreArguments})";
        var factory = model.CoreReturnKind == ReturnKind.ValueTask ? core : $"new global::System.Threading.Tasks.ValueTask<{dictionary}>({core})";

        writer.OpenBlock($"{modifiers}partial {model.ReturnType} {model.MethodName}({parameters})");
        writer.WriteLine($"var __store = {model.StoreExpression};");
        writer.WriteLine("var __prefix = __store.KeyPrefix;");
        writer.WriteLine($"return __store.GetOrCreateManyAsync<{model.IdType}, object?, {model.ValueType}>({model.IdsParameter},");
        writer.WriteLine($"    {model.IdAlias} => {model.Key.Name}({keyArguments}),");
        writer.WriteLine($"    {tags},");
        writer.WriteLine($"    {policy}, null,");
        writer.WriteLine($"    (__state, __misses, __cancellationToken) => {factory},");
        writer.WriteLine($"    {token}){(model.ReturnKind == ReturnKind.Task ? ".AsTask()" : "")};");
        writer.CloseBlock();
    }
}
