using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Security;

/// <summary>An account as the database holds it.</summary>
public sealed record SecureAccount(int Id, int Version, string Owner);

/// <summary>A flat value, stored as a Redis hash (HMGET and the hash fill script under the ACL).</summary>
public sealed record SecureBadge(int Id, string Label);

[JsonSerializable(typeof(SecureAccount))]
internal sealed partial class SecureAccountJson : JsonSerializerContext;

/// <summary>The database every process of a test shares.</summary>
public sealed class SecureAccountDatabase
{
    private readonly ConcurrentDictionary<int, SecureAccount> _rows = new();

    public SecureAccount Row(int id) => _rows.TryGetValue(id, out var row) ? row : new SecureAccount(id, 1, "owner " + id);

    public void Put(SecureAccount account) => _rows[account.Id] = account;
}

/// <summary>
/// Every Redis feature the generated code drives, so a restricted ACL user shows which commands the runtime needs:
/// tagged reads with L1 (MGET, SET … NX, the fill script, pub/sub), write-through, key and tag invalidation,
/// write-behind enqueue (XADD), the hash layout and compression.
/// </summary>
[CacheDefaults(KeyPrefix = "acct", Ttl = 600, Jitter = 0)]
public sealed partial class SecureAccountRepository(SecureAccountDatabase database, ICacheStore cache)
{
    private int _reads;
    private int _writes;
    private int _badgeReads;

    public int Reads => Volatile.Read(ref _reads);

    public int Writes => Volatile.Read(ref _writes);

    public int BadgeReads => Volatile.Read(ref _badgeReads);

    public SecureAccount Row(int id) => database.Row(id);

    [Cached(Key = "account:<id>", Tags = ["accounts", "account:<id>"], LocalTtl = 60)]
    public partial Task<SecureAccount> GetAccountAsync(int id, CancellationToken ct = default);

    private Task<SecureAccount> GetAccountCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(database.Row(id));
    }

    [WriteThrough(Key = "account:<account.Id>", Tags = ["accounts", "account:<account.Id>"])]
    public partial Task SaveAccountAsync(SecureAccount account);

    private Task SaveAccountCoreAsync(SecureAccount account)
    {
        Interlocked.Increment(ref _writes);
        database.Put(account);
        return Task.CompletedTask;
    }

    [WriteBehind(Key = "account:<account.Id>", Tags = ["accounts", "account:<account.Id>"])]
    public partial Task SaveAccountLaterAsync(SecureAccount account);

    private Task SaveAccountLaterCoreAsync(SecureAccount account) => SaveAccountCoreAsync(account);

    [Invalidates(Key = "account:<id>")]
    public partial Task CloseAccountAsync(int id);

    private Task CloseAccountCoreAsync(int id)
    {
        Interlocked.Increment(ref _writes);
        database.Put(new SecureAccount(id, database.Row(id).Version + 1, "closed"));
        return Task.CompletedTask;
    }

    [InvalidatesTag("accounts")]
    public partial Task RenameAllAsync(string suffix);

    private Task RenameAllCoreAsync(string suffix)
    {
        Interlocked.Increment(ref _writes);
        for (var id = 1; id <= 3; id++)
        {
            var row = database.Row(id);
            database.Put(row with { Version = row.Version + 1, Owner = row.Owner + suffix });
        }

        return Task.CompletedTask;
    }

    [Cached(Key = "badge:<id>", Layout = CacheLayout.Hash)]
    public partial Task<SecureBadge?> GetBadgeAsync(int id, CancellationToken ct = default);

    private Task<SecureBadge?> GetBadgeCoreAsync(int id, CancellationToken ct)
    {
        Interlocked.Increment(ref _badgeReads);
        return Task.FromResult<SecureBadge?>(new SecureBadge(id, "badge " + id));
    }

    [Cached(Key = "statement:<id>", CompressAbove = 128)]
    public partial Task<string> GetStatementAsync(int id, CancellationToken ct = default);

    private Task<string> GetStatementCoreAsync(int id, CancellationToken ct)
        => Task.FromResult(string.Concat(System.Linq.Enumerable.Repeat("line " + id + "; ", 100)));
}
