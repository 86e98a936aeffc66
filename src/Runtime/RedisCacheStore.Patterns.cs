using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

public sealed partial class RedisCacheStore
{
    /// <summary>Keys asked of each SCAN step, and the most keys one UNLINK deletes.</summary>
    private const int ScanPageSize = 500;

    /// <inheritdoc/>
    public async ValueTask<long> InvalidatePatternAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        // The prefix is ours and matched literally; the pattern after it is the caller's glob.
        _metrics.Invalidated(LocalInvalidation.Pattern);
        var (deleted, complete) = await InvalidatePatternOnPrimariesAsync(pattern, cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            RememberFailedInvalidation(LocalInvalidation.Pattern, pattern);
        }

        // Which L1 entries match the glob is not known by typed key: clear every L1, here and everywhere.
        await InvalidateLocalAsync(LocalInvalidation.Pattern, pattern).ConfigureAwait(false);
        return deleted;
    }

    // Complete is false when a primary could not be reached or failed: its matching keys are still there.
    private async Task<(long Deleted, bool Complete)> InvalidatePatternOnPrimariesAsync(string pattern, CancellationToken cancellationToken)
    {
        var fullPattern = CacheKeyPattern.EscapeGlob(KeyPrefix) + pattern;
        long deleted = 0;
        var complete = true;
        foreach (var server in _multiplexer.GetServers())
        {
            // Every primary: a cluster spreads keys over its primaries; replicas hold copies and refuse writes.
            if (server.IsReplica)
            {
                continue;
            }

            if (!server.IsConnected)
            {
                // A primary that cannot be reached keeps its matching keys; say so, as for any other failure,
                // instead of skipping it silently.
                complete = false;
                _metrics.Error(null, CacheOperation.Invalidate, "not_connected");
                if (ShouldLogFailure(CacheLog.InvalidatePatternFailedId))
                {
                    CacheLog.InvalidatePatternFailed(_logger, pattern, server.EndPoint.ToString() ?? "?",
                        new InvalidOperationException("The server is not connected."));
                }
                continue;
            }

            try
            {
                deleted += await _circuit.RunUnboundedAsync(
                    static (s, token) => s.Store.InvalidatePatternOnAsync(s.Server, s.Pattern, token), (Store: this, Server: server, Pattern: fullPattern),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsCacheFailure(ex, cancellationToken))
            {
                complete = false;
                _metrics.Error(null, CacheOperation.Invalidate, ex);
                if (ShouldLogFailure(CacheLog.InvalidatePatternFailedId))
                {
                    CacheLog.InvalidatePatternFailed(_logger, pattern, server.EndPoint.ToString() ?? "?", ex);
                }
            }
        }

        return (deleted, complete);
    }

    private async Task<long> InvalidatePatternOnAsync(IServer server, string pattern, CancellationToken cancellationToken)
    {
        long deleted = 0;
        var page = new List<RedisKey>(ScanPageSize);
        // KeysAsync pages with SCAN (never KEYS) and continues the cursor across pages.
        await foreach (var key in server.KeysAsync(_options.Database, pattern, ScanPageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            page.Add(key);
            if (page.Count == ScanPageSize)
            {
                deleted += await UnlinkAsync(server, page).ConfigureAwait(false);
                page.Clear();
            }
        }

        if (page.Count > 0)
        {
            deleted += await UnlinkAsync(server, page).ConfigureAwait(false);
        }

        return deleted;
    }

    // UNLINK frees memory off the main thread. On a cluster a multi-key command must stay in one hash slot, so the
    // page is split by slot; the commands go out together (pipelined) to the server that was scanned.
    private async Task<long> UnlinkAsync(IServer server, List<RedisKey> keys)
    {
        // UNLINK goes through the store's IDatabase, which selects the store's database and routes by the keys'
        // slot (the primary that was scanned). IServer.ExecuteAsync selects no database: it ran in whichever one the
        // connection last used, so with Database set and other traffic on the multiplexer it deleted the same names
        // in another database and left the scanned keys alive.
        var database = Database;
        var bySlot = new Dictionary<int, List<object>>();
        var cluster = server.ServerType == ServerType.Cluster;
        foreach (var key in keys)
        {
            var slot = cluster ? _multiplexer.HashSlot(key) : 0;
            if (!bySlot.TryGetValue(slot, out var group))
            {
                bySlot[slot] = group = new List<object>();
            }

            group.Add(key);
        }

        var unlinks = new List<Task<RedisResult>>(bySlot.Count);
        foreach (var group in bySlot.Values)
        {
            unlinks.Add(database.ExecuteAsync("UNLINK", group));
        }

        long deleted = 0;
        foreach (var unlink in unlinks)
        {
            deleted += (long)await unlink.ConfigureAwait(false);
        }

        return deleted;
    }
}
