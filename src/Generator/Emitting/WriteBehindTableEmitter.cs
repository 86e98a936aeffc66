using System.Collections.Generic;
using System.Linq;
using Caching.Generators.Model;
using Microsoft.CodeAnalysis.Text;

namespace Caching.Generators.Emitting;

/// <summary>
/// Writes the write-behind dispatch table of one type: a static <c>WriteBehindHandlers(target)</c> that maps each
/// <c>[WriteBehind]</c> method's id to code that reads its arguments back and calls its core, then its
/// invalidations. No reflection, no <c>MethodInfo</c>: a <c>WriteBehindWorker</c> runs these handlers.
/// </summary>
internal static class WriteBehindTableEmitter
{
    public static (string HintName, SourceText Source) Emit(IReadOnlyList<WriteMethodModel> methods)
    {
        var first = methods[0];
        var writer = new SourceWriter();
        PartialTypeScaffold.Open(writer, first.Namespace, first.Containers);

        var needsTarget = methods.Any(m => !m.IsStatic);
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// The write-behind handlers of this type's [WriteBehind] methods, for a <see cref=\"global::Caching.WriteBehindWorker\"/>:");
        writer.WriteLine("/// each reads its queued arguments back and calls the core, then what follows it.");
        writer.WriteLine("/// </summary>");
        if (needsTarget)
        {
            writer.WriteLine("/// <param name=\"target\">The instance whose core methods run the queued calls.</param>");
        }

        writer.WriteLine(GeneratedCodeAttributes.GeneratedCode);
        writer.OpenBlock($"public static global::Caching.WriteBehindHandler[] WriteBehindHandlers({(needsTarget ? first.ContainingType + " target" : "")})");
        writer.WriteLine("return new global::Caching.WriteBehindHandler[]");
        writer.OpenBlock();
        foreach (var method in methods.OrderBy(m => m.HandlerId, System.StringComparer.Ordinal))
        {
            EmitHandler(writer, method);
        }

        writer.CloseBlock(";");
        writer.CloseBlock();

        PartialTypeScaffold.Close(writer, first.Namespace, first.Containers);

        return (first.HintName.Substring(0, first.HintName.LastIndexOf('.', first.HintName.Length - 6)) + ".WriteBehind.g.cs", writer.ToSourceText());
    }

    private static void EmitHandler(SourceWriter writer, WriteMethodModel method)
    {
        var target = method.IsStatic ? method.ContainingType : "target";
        writer.WriteLine($"new global::Caching.WriteBehindHandler({Literals.String(method.HandlerId)}, async (__payload, __cancellationToken) =>");
        writer.OpenBlock();
        writer.WriteLine("var __reader = new global::Caching.WriteBehindArgumentReader(__payload);");
        for (var i = 0; i < method.QueuedArguments.Count; i++)
        {
            var argument = method.QueuedArguments[i];
            writer.WriteLine($"var {argument.Name} = __reader.Read({method.ContainingType}.{WriteMethodEmitter.ArgumentField(method, i)});");
        }

        writer.WriteLine("__reader.EnsureEnd();");
        var arguments = string.Join(", ", method.Parameters.Select(p => p.IsCancellationToken ? "__cancellationToken" : p.Name));
        writer.WriteLine($"await {target}.{method.CoreName}({arguments}).ConfigureAwait(false);");
        var afterArguments = string.Join(", ", method.Parameters.Where(p => !p.IsCancellationToken).Select(p => p.Name));
        writer.WriteLine($"await {target}.{WriteMethodEmitter.AfterCoreName(method)}({afterArguments}).ConfigureAwait(false);");
        writer.CloseBlock("),");
    }
}
