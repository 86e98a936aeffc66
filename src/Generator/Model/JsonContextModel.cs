namespace Caching.Generators.Model;

/// <summary>
/// One declaration of a System.Text.Json source-generated context and the types its <c>[JsonSerializable]</c>
/// attributes list.
/// </summary>
/// <remarks>A cached incremental value: immutable, value-equal, no Roslyn objects.</remarks>
/// <param name="Name">The context type in <c>global::</c> form.</param>
/// <param name="CoveredTypes">Each listed type in <c>global::</c> form, without nullable annotations.</param>
internal sealed record JsonContextModel(string Name, EquatableArray<string> CoveredTypes);
