using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.EndToEnd.Tests.Support;

/// <summary>What the generated repository with L1 offers, so tests call it without reflection.</summary>
public interface ILocalAccountRepository
{
    Task<Account?> GetAccountAsync(int id, CancellationToken ct = default);

    ValueTask<string?> GetNameOnAsync(int id, DateTime day);

    string? GetLabel(int id);

    Task SaveAccountAsync(Account account, CancellationToken ct = default);

    Task DeleteAccountAsync(int id);

    Task RenameAllAsync(string suffix);
}

/// <summary>The user's code with <c>LocalTtl</c> (L1 in front of Redis), compiled once with the generators and loaded.</summary>
internal static class LocalApp
{
    public const string Source = """
        using System;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;
        using Caching.EndToEnd.Tests.Support;

        namespace LocalAccounts;

        [JsonSerializable(typeof(Account))]
        internal partial class LocalJson : JsonSerializerContext;

        [CacheDefaults(KeyPrefix = "local", Ttl = 600, Jitter = 60, LocalTtl = 60)]
        public partial class LocalAccountRepository(ICacheStore cache, AccountDb db) : ILocalAccountRepository
        {
            [Cached(Key = "account:<id>", Tags = ["accounts", "account:<id>"])]
            public partial Task<Account?> GetAccountAsync(int id, CancellationToken ct = default);
            private Task<Account?> GetAccountCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);

            // A DateTime hole has no exact equality: this L1 is keyed by the Redis key.
            [Cached(Key = "name:<id>:<day:yyyy-MM-dd>", LocalTtl = 30)]
            public partial ValueTask<string?> GetNameOnAsync(int id, DateTime day);
            private async ValueTask<string?> GetNameOnCoreAsync(int id, DateTime day) => (await db.FindAsync(id, default))?.Name + "@" + day.Day;

            [Cached(Key = "label:<id>", LocalTtl = 10, LocalCapacity = 100)]
            public partial string? GetLabel(int id);
            private string? GetLabelCore(int id) => db.FindAsync(id, default).GetAwaiter().GetResult()?.Name.ToUpperInvariant();

            [WriteThrough(Key = "account:<account.Id>", Tags = ["accounts", "account:<account.Id>"])]
            public partial Task SaveAccountAsync(Account account, CancellationToken ct = default);
            private Task SaveAccountCoreAsync(Account account, CancellationToken ct) => db.SaveAsync(account);

            [Invalidates(Key = "account:<id>")]
            [Invalidates(Key = "label:<id>")]
            public partial Task DeleteAccountAsync(int id);
            private Task DeleteAccountCoreAsync(int id) => db.DeleteAsync(id);

            [InvalidatesTag("accounts")]
            public partial Task RenameAllAsync(string suffix);
            private Task RenameAllCoreAsync(string suffix) => db.RenameAllAsync(suffix);
        }
        """;

    private static readonly Lazy<Assembly> Assembly = new(() => InMemoryApp.Compile(Source, "LocalAccounts"));

    public static ILocalAccountRepository CreateRepository(ICacheStore store, AccountDb db)
        => InMemoryApp.Create<ILocalAccountRepository>(Assembly.Value, "LocalAccounts.LocalAccountRepository", store, db);
}
