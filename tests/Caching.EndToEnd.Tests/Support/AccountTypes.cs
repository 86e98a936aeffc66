using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.EndToEnd.Tests.Support;

/// <summary>A cached account, stored as JSON through the user's context.</summary>
public sealed record Account(int Id, string Name);

/// <summary>What the generated account repository offers, companions included, so tests call it without reflection.</summary>
public interface IAccountRepository
{
    Task<Account?> GetAccountAsync(int id, CancellationToken ct = default);

    ValueTask<CacheLookup<Account?>> TryGetAccountAsync(int id, CancellationToken ct = default);

    ValueTask<bool> InvalidateAccountAsync(int id, CancellationToken ct = default);

    ValueTask<Account?> RefreshAccountAsync(int id, CancellationToken ct = default);

    ValueTask<int> WarmAccountAsync(IEnumerable<int> items, CancellationToken ct = default);

    Task<IReadOnlyDictionary<int, Account?>> GetAccountsAsync(IEnumerable<int> ids, CancellationToken ct = default);

    Task SaveAccountAsync(Account account, CancellationToken ct = default);

    Task<Account> RenameAccountAsync(int id, string name);

    Task DeleteAccountAsync(int id);

    Task RenameAllAsync(string suffix);

    Task SaveAccountLaterAsync(Account account);
}

/// <summary>
/// The "database": accounts in a dictionary, with call counts, and gates a test can close to hold a read or a
/// write at a chosen point (deterministic interleavings, no sleeps).
/// </summary>
public sealed class AccountDb
{
    private readonly ConcurrentDictionary<int, Account> _rows = new();
    private int _reads;
    private int _writes;

    public int Reads => Volatile.Read(ref _reads);

    public int Writes => Volatile.Read(ref _writes);

    /// <summary>The ids of each batch read, in order.</summary>
    public ConcurrentQueue<int[]> BatchReads { get; } = new();

    /// <summary>When set, a read takes its value, then waits for this before returning it.</summary>
    public Func<int, Task>? ReadGate { get; set; }

    /// <summary>When set, a write throws this.</summary>
    public Exception? WriteFailure { get; set; }

    public void Seed(params Account[] accounts)
    {
        foreach (var account in accounts)
        {
            _rows[account.Id] = account;
        }
    }

    public Account? Row(int id) => _rows.TryGetValue(id, out var row) ? row : null;

    public async Task<Account?> FindAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        var row = Row(id);
        if (ReadGate is { } gate)
        {
            await gate(id);
        }

        return row;
    }

    public Task<IReadOnlyDictionary<int, Account?>> FindManyAsync(IReadOnlyList<int> ids)
    {
        Interlocked.Increment(ref _reads);
        BatchReads.Enqueue(ids.ToArray());
        IReadOnlyDictionary<int, Account?> found = ids.Where(id => _rows.ContainsKey(id)).ToDictionary(id => id, id => (Account?)_rows[id]);
        return Task.FromResult(found);
    }

    public Task SaveAsync(Account account)
    {
        Interlocked.Increment(ref _writes);
        if (WriteFailure is { } failure)
        {
            return Task.FromException(failure);
        }

        _rows[account.Id] = account;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(int id)
    {
        Interlocked.Increment(ref _writes);
        _rows.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public Task RenameAllAsync(string suffix)
    {
        Interlocked.Increment(ref _writes);
        foreach (var row in _rows.Values)
        {
            _rows[row.Id] = row with { Name = row.Name + suffix };
        }

        return Task.CompletedTask;
    }
}
