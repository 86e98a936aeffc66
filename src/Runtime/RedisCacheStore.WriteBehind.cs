using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

public sealed partial class RedisCacheStore
{
    /// <summary>The Redis Stream that holds queued write-behind calls: <c>{KeyPrefix}writebehind</c>.</summary>
    public string WriteBehindStreamKey => KeyPrefix + WriteBehindStream.StreamSuffix;

    /// <summary>
    /// The Redis Stream that receives write-behind calls that failed for good: <c>{KeyPrefix}writebehind:dead</c>.
    /// <see cref="WriteBehindDeadLetters"/> lists and replays them.
    /// </summary>
    public string WriteBehindDeadLetterStreamKey => KeyPrefix + WriteBehindStream.DeadLetterSuffix;

    /// <inheritdoc/>
    public async ValueTask<bool> EnqueueWriteBehindAsync(string handlerId, ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(handlerId);
        try
        {
            await _circuit.RunAsync(
                static s => s.Database.StreamAddAsync(s.Stream, s.Fields), (Database, Stream: (RedisKey)WriteBehindStreamKey, Fields: WriteBehindStream.Fields(handlerId, arguments, NowUnixMs)),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            // Redis may still have taken it (a timeout): the call would then run twice, which at-least-once allows.
            // Logged also when the open breaker skipped it, since the call then runs in the caller's flow.
            _metrics.Error(null, CacheOperation.Enqueue, ex);
            if (ShouldLogFailure(CacheLog.EnqueueFailedId))
            {
                CacheLog.EnqueueFailed(_logger, handlerId, ex);
            }
            return false;
        }
    }
}
