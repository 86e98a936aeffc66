namespace Caching.Generators.Shared;

/// <summary>The diagnostic categories, as in the .NET analyzers.</summary>
internal static class Categories
{
    public const string Usage = "Usage";
    public const string Reliability = "Reliability";
    public const string Performance = "Performance";
    public const string Security = "Security";
}
