using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Shared;

/// <summary>Where in the source a problem belongs; the analyzer turns it into a location.</summary>
internal enum ProblemSite
{
    /// <summary>The method's name: problems of the declaration or signature as a whole.</summary>
    MethodName,

    /// <summary>
    /// The whole attribute (<see cref="CacheProblem.Attribute"/>, or the one being analysed): problems the attribute
    /// causes and no single argument of it does, such as one that conflicts with another of ours.
    /// </summary>
    Attribute,

    KeyArgument,
    TtlArgument,
    CoreArgument,
    ReturnType,
    Parameter,

    /// <summary>
    /// The <c>Tags</c> argument (its element <see cref="CacheProblem.ElementIndex"/> when that is set), or the tag of
    /// <c>[InvalidatesTag]</c>.
    /// </summary>
    TagArgument,

    /// <summary>The <c>Value</c> argument.</summary>
    ValueArgument,

    /// <summary>The <c>TtlFor</c> argument.</summary>
    TtlForArgument,

    /// <summary>The named argument <see cref="CacheProblem.ArgumentName"/> (or the attribute, when the type's default is at fault).</summary>
    NamedArgument,
}

/// <summary>
/// A reason a cached method is invalid (or suspicious), found by the shared rules. The analyzer reports it; the
/// generator only asks whether any is an error, and then emits nothing for the method.
/// </summary>
/// <param name="Id">A constant of <see cref="DiagnosticIds"/>.</param>
/// <param name="IsError">Whether the generator must skip the method.</param>
/// <param name="Site">Where the diagnostic goes.</param>
/// <param name="ParameterIndex">For <see cref="ProblemSite.Parameter"/>, which one.</param>
/// <param name="Args">The message arguments, in the descriptor's order.</param>
internal sealed record CacheProblem(string Id, bool IsError, ProblemSite Site, int ParameterIndex, string[] Args)
{
    /// <summary>The attribute the problem belongs to, when the method has several of ours; null for the one being analysed.</summary>
    public AttributeData? Attribute { get; init; }

    /// <summary>
    /// For a problem in one element of an array argument (a tag of <c>Tags</c>), that element's index as written,
    /// nulls counted; -1 for the whole argument.
    /// </summary>
    public int ElementIndex { get; init; } = -1;

    /// <summary>For <see cref="ProblemSite.NamedArgument"/>, the argument's name.</summary>
    public string? ArgumentName { get; init; }

    /// <summary>
    /// What a code fix needs and must not parse back out of the message (the analyzer passes these on as the
    /// diagnostic's properties); null when the problem has no fix.
    /// </summary>
    public IReadOnlyDictionary<string, string>? FixData { get; init; }

    public static CacheProblem Error(string id, ProblemSite site, params string[] args) => new(id, true, site, -1, args);

    public static CacheProblem Warning(string id, ProblemSite site, params string[] args) => new(id, false, site, -1, args);
}
