using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Caching.Analyzers.Attributes;

/// <summary>Walks what the compilation declares in source, for the analyses that need the whole compilation at once.</summary>
internal static class SourceSymbols
{
    /// <summary>Every named type declared in this compilation's source (generated files included), nested ones too.</summary>
    public static IEnumerable<INamedTypeSymbol> Types(Compilation compilation, CancellationToken cancellationToken)
        => Types(compilation.Assembly.GlobalNamespace, cancellationToken);

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceOrTypeSymbol container, CancellationToken cancellationToken)
    {
        foreach (var member in container.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is INamespaceSymbol ns)
            {
                foreach (var type in Types(ns, cancellationToken))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
            {
                yield return type;
                foreach (var nested in Types(type, cancellationToken))
                {
                    yield return nested;
                }
            }
        }
    }
}
