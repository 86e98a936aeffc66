using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

// Invalidation of one key (a marker, so a fill that started before it drops its value) and of one tag (a new stamp).
public sealed partial class RedisCacheStore
{
    /// <inheritdoc/>
    public async ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default)
    {
        _metrics.Invalidated(LocalInvalidation.Key);
        var written = await WriteTombstoneAsync(key, cancellationToken).ConfigureAwait(false);
        if (!written)
        {
            RememberFailedInvalidation(LocalInvalidation.Key, key);
        }

        await InvalidateLocalAsync(LocalInvalidation.Key, key).ConfigureAwait(false);
        return written;
    }

    private async ValueTask<bool> WriteTombstoneAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // A marker rather than a delete: a fill that observed the old state sees the key changed and drops its value.
            return await _circuit.RunAsync(
                static s => s.Database.StringSetAsync(s.Key, CacheEntryCodec.Tombstone(), s.Ttl), (Database, Key: (RedisKey)key, Ttl: TombstoneTtl), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RedisServerException) when (!cancellationToken.IsCancellationRequested)
        {
            // Redis answered but refused the marker, most often OOM (maxmemory with noeviction refuses every SET
            // but still allows DEL), which is also when a write-through's SET failed. Delete the entry instead, so the
            // older value is not served; a fill that observed it still finds the key changed and drops its value.
            return await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            // Logged even when the breaker refused it: the entry may be served stale until the replay reaches Redis.
            _metrics.Error(null, CacheOperation.Invalidate, ex);
            if (ShouldLogFailure(CacheLog.InvalidateFailedId))
            {
                CacheLog.InvalidateFailed(_logger, key, ex);
            }
            return false;
        }
    }

    // The fallback of InvalidateAsync when Redis refuses the marker.
    private async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _circuit.RunAsync(static s => s.Database.KeyDeleteAsync(s.Key), (Database, Key: (RedisKey)key), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            _metrics.Error(null, CacheOperation.Invalidate, ex);
            if (ShouldLogFailure(CacheLog.InvalidateFailedId))
            {
                CacheLog.InvalidateFailed(_logger, key, ex);
            }
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        _metrics.Invalidated(LocalInvalidation.Tag);
        var written = await WriteTagStampAsync(tag, cancellationToken).ConfigureAwait(false);
        if (!written)
        {
            RememberFailedInvalidation(LocalInvalidation.Tag, tag);
        }

        await InvalidateLocalAsync(LocalInvalidation.Tag, tag).ConfigureAwait(false);
        return written;
    }

    private async ValueTask<bool> WriteTagStampAsync(string tag, CancellationToken cancellationToken)
    {
        var stampKey = TagStamps.Key(KeyPrefix, tag);
        try
        {
            return await _circuit.RunAsync(
                static s => s.Database.StringSetAsync(s.Key, TagStamps.NewStamp(), s.Ttl), (Database, Key: (RedisKey)stampKey, Ttl: TagStampTtl), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
        {
            _metrics.Error(null, CacheOperation.Invalidate, ex);
            if (ShouldLogFailure(CacheLog.InvalidateTagFailedId))
            {
                CacheLog.InvalidateTagFailed(_logger, tag, ex);
            }
            return false;
        }
    }
}
