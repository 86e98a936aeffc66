namespace Caching.Generators.Emitting;

/// <summary>The attributes every generated member carries.</summary>
internal static class GeneratedCodeAttributes
{
    public static readonly string Version = typeof(GeneratedCodeAttributes).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    public static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"Caching.Generators\", \"{Version}\")]";

    public const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
}
