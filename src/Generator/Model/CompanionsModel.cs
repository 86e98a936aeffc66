namespace Caching.Generators.Model;

/// <summary>
/// The companion methods of a <c>[Cached]</c> method. A name is null when the type already has a member by that
/// name, so the user's member wins and no companion is generated.
/// </summary>
/// <param name="TryGetName"><c>TryGet&lt;Name&gt;Async</c>: a hit or nothing, never the core.</param>
/// <param name="InvalidateName"><c>Invalidate&lt;Name&gt;Async</c>.</param>
/// <param name="RefreshName"><c>Refresh&lt;Name&gt;Async</c>: reload through the core and overwrite.</param>
/// <param name="WarmName"><c>Warm&lt;Name&gt;Async</c>: load many through the core and write them in pipelines; null for a method without key parameters.</param>
/// <param name="TokenName">The cancellation token the companions take: the method's own, or an added one.</param>
/// <param name="AddsToken">Whether the companions add <see cref="TokenName"/> as a last optional parameter.</param>
internal sealed record CompanionsModel(string? TryGetName, string? InvalidateName, string? RefreshName, string? WarmName, string TokenName, bool AddsToken);
