using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Runtime.Tests.Support;

/// <summary>
/// A batch core (the database's "load these ids") that records every call, answers <c>"value-{id}"</c>, and leaves
/// out the ids <see cref="Omit"/> names, as a database leaves out rows it does not have.
/// </summary>
internal sealed class RecordingBatchCore
{
    private readonly ConcurrentQueue<int[]> _calls = new();

    public Func<int, bool> Omit { get; init; } = static _ => false;

    /// <summary>The ids of each call, in order.</summary>
    public IReadOnlyList<int[]> Calls => _calls.ToArray();

    public static string ValueOf(int id) => "value-" + id;

    public ValueTask<IReadOnlyDictionary<int, string>> LoadAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        _calls.Enqueue(ids.ToArray());
        return ValueTask.FromResult<IReadOnlyDictionary<int, string>>(ids.Where(id => !Omit(id)).ToDictionary(id => id, ValueOf));
    }
}
