using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// One entry of a write-behind dispatch table: the id a queued call carries, and the delegate that reads the call's
/// arguments and runs its core. The generator writes one per <see cref="WriteBehindAttribute"/> method, so the
/// worker dispatches by a string look-up, never by reflection.
/// </summary>
public sealed class WriteBehindHandler
{
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _invoke;

    /// <summary>Creates a handler.</summary>
    /// <param name="id">The id queued calls carry (the generator uses <c>Namespace.Type.Method</c>).</param>
    /// <param name="invoke">Reads the arguments written by <see cref="WriteBehindArguments"/> and runs the core.</param>
    public WriteBehindHandler(string id, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> invoke)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        _invoke = invoke ?? throw new ArgumentNullException(nameof(invoke));
    }

    /// <summary>The id queued calls carry.</summary>
    public string Id { get; }

    /// <summary>Runs the call whose arguments are <paramref name="arguments"/>.</summary>
    public ValueTask InvokeAsync(ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken) => _invoke(arguments, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Id;
}
