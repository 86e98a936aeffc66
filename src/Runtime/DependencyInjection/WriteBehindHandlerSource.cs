using System;
using System.Collections.Generic;

namespace Caching;

/// <summary>
/// One registration of write-behind handlers for the worker of one store: the generated <c>WriteBehindHandlers</c>
/// of a repository, resolved when the worker is built. All sources of a store feed one worker, because a stream read
/// by two workers with different handlers would dead-letter each other's calls.
/// </summary>
internal sealed record WriteBehindHandlerSource(string StoreName, Func<IServiceProvider, IEnumerable<WriteBehindHandler>> Create);
