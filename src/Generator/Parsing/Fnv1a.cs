namespace Caching.Generators.Parsing;

/// <summary>32-bit FNV-1a over UTF-16 code units: tiny, deterministic across runs and machines.</summary>
internal static class Fnv1a
{
    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
