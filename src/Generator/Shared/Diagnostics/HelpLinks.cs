namespace Caching.Generators.Shared;

/// <summary>Where each diagnostic's page lives: one page per ID under <c>docs/diagnostics</c>.</summary>
internal static class HelpLinks
{
    public const string Base = "https://github.com/caching-generators/caching-generators/blob/main/docs/diagnostics/";

    public static string For(string id) => Base + id + ".md";
}
