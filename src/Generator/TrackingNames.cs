namespace Caching.Generators;

/// <summary>Names of the pipeline steps that tests check for caching; each equals its own name.</summary>
internal static class TrackingNames
{
    public const string CachedMethods = nameof(CachedMethods);
    public const string JsonContexts = nameof(JsonContexts);
    public const string PreferredJsonContext = nameof(PreferredJsonContext);
    public const string CachedMethodsWithContexts = nameof(CachedMethodsWithContexts);
    public const string CachedShapes = nameof(CachedShapes);
    public const string BatchMethods = nameof(BatchMethods);
    public const string WriteMethods = nameof(WriteMethods);
    public const string WriteMethodsWithContexts = nameof(WriteMethodsWithContexts);
    public const string Manifest = nameof(Manifest);
}
