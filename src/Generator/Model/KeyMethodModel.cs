using Caching.Generators.Shared;

namespace Caching.Generators.Model;

/// <summary>A generated static method that builds one key or tag name from a template.</summary>
/// <param name="Name">The method's name.</param>
/// <param name="Parameters">Its parameters after the prefix (and suffix) parameters: the values the holes read.</param>
/// <param name="LiteralPrefix">Literal text before the template: the type's key prefix, or empty for a tag.</param>
/// <param name="Parts">The template's literals and holes.</param>
/// <param name="Suffix">Literal text after the template: <c>#</c> and the schema hash for a key; empty for a tag.</param>
/// <param name="WithStorePrefix">Whether the store's prefix comes first (keys); tag names get it from the store.</param>
/// <param name="SuffixParameter">Whether the suffix is passed in at each call (an invalidated key, whose schema hashes come from the cached methods).</param>
/// <param name="Shape">The literal prefix and the template's shape, to match keys of different methods.</param>
/// <param name="Template">The template as written in the attribute, for the cache manifest.</param>
internal sealed record KeyMethodModel(
    string Name,
    EquatableArray<ParameterModel> Parameters,
    string LiteralPrefix,
    EquatableArray<KeyPartModel> Parts,
    string Suffix,
    bool WithStorePrefix,
    bool SuffixParameter,
    string Shape,
    string Template = "");
