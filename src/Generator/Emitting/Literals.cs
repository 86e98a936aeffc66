using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Generators.Emitting;

/// <summary>The one way emitted code spells string literals.</summary>
internal static class Literals
{
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string StringOrNull(string? value) => value is null ? "null" : String(value);
}
