namespace Caching.Generators.Shared;

/// <summary>
/// Metadata names of the types the generator and analyzers look for. The generator never references the
/// runtime assembly; a test checks these strings against the runtime's types.
/// </summary>
internal static class KnownTypeNames
{
    public const string CachedAttribute = "Caching.CachedAttribute";
    public const string CacheDefaultsAttribute = "Caching.CacheDefaultsAttribute";
    public const string CachedBatchAttribute = "Caching.CachedBatchAttribute";
    public const string WriteThroughAttribute = "Caching.WriteThroughAttribute";
    public const string WriteBehindAttribute = "Caching.WriteBehindAttribute";
    public const string InvalidatesAttribute = "Caching.InvalidatesAttribute";
    public const string InvalidatesTagAttribute = "Caching.InvalidatesTagAttribute";
    public const string KnownCacheTagsAttribute = "Caching.KnownCacheTagsAttribute";
    public const string CacheStoreAttribute = "Caching.CacheStoreAttribute";
    public const string NotCacheKeyAttribute = "Caching.NotCacheKeyAttribute";
    public const string CacheSerializerContextAttribute = "Caching.CacheSerializerContextAttribute";
    public const string CacheStore = "Caching.ICacheStore";
    public const string JsonSerializableAttribute = "System.Text.Json.Serialization.JsonSerializableAttribute";
    public const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string Task1 = "System.Threading.Tasks.Task`1";
    public const string ValueTask1 = "System.Threading.Tasks.ValueTask`1";
    public const string Task = "System.Threading.Tasks.Task";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string SpanFormattable = "System.ISpanFormattable";
    public const string IEnumerable1 = "System.Collections.Generic.IEnumerable`1";
    public const string IReadOnlyDictionary2 = "System.Collections.Generic.IReadOnlyDictionary`2";
    public const string IReadOnlyList1 = "System.Collections.Generic.IReadOnlyList`1";
}
