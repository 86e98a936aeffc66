using System;
using System.Reflection;

namespace Caching.EndToEnd.Tests.Support;

/// <summary>The user's write-side code, as they would write it, compiled once with the generators and loaded.</summary>
internal static class AccountApp
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;
        using Caching.EndToEnd.Tests.Support;

        namespace Accounts;

        [JsonSerializable(typeof(Account))]
        internal partial class AccountJson : JsonSerializerContext;

        [CacheDefaults(KeyPrefix = "acct", Ttl = 600, Jitter = 60)]
        public partial class AccountRepository(ICacheStore cache, AccountDb db) : IAccountRepository
        {
            [Cached(Key = "account:<id>", Tags = ["accounts", "account:<id>"])]
            public partial Task<Account?> GetAccountAsync(int id, CancellationToken ct = default);
            private Task<Account?> GetAccountCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);

            [CachedBatch(Key = "account:<id>", Tags = ["accounts", "account:<id>"])]
            public partial Task<IReadOnlyDictionary<int, Account?>> GetAccountsAsync(IEnumerable<int> ids, CancellationToken ct = default);
            private Task<IReadOnlyDictionary<int, Account?>> GetAccountsCoreAsync(IReadOnlyList<int> ids, CancellationToken ct) => db.FindManyAsync(ids);

            [WriteThrough(Key = "account:<account.Id>", Tags = ["accounts", "account:<account.Id>"])]
            public partial Task SaveAccountAsync(Account account, CancellationToken ct = default);
            private Task SaveAccountCoreAsync(Account account, CancellationToken ct) => db.SaveAsync(account);

            [WriteThrough(Key = "account:<id>", Tags = ["accounts", "account:<id>"])]
            public partial Task<Account> RenameAccountAsync(int id, string name);
            private async Task<Account> RenameAccountCoreAsync(int id, string name)
            {
                var account = new Account(id, name);
                await db.SaveAsync(account);
                return account;
            }

            [Invalidates(Key = "account:<id>")]
            [InvalidatesTag("account:<id>")]
            public partial Task DeleteAccountAsync(int id);
            private Task DeleteAccountCoreAsync(int id) => db.DeleteAsync(id);

            [InvalidatesTag("accounts")]
            public partial Task RenameAllAsync(string suffix);
            private Task RenameAllCoreAsync(string suffix) => db.RenameAllAsync(suffix);

            [WriteBehind(Key = "account:<account.Id>", Tags = ["accounts", "account:<account.Id>"])]
            public partial Task SaveAccountLaterAsync(Account account);
            private Task SaveAccountLaterCoreAsync(Account account) => db.SaveAsync(account);
        }
        """;

    private static readonly Lazy<Assembly> Assembly = new(() => InMemoryApp.Compile(Source, "Accounts"));

    public static IAccountRepository CreateRepository(ICacheStore store, AccountDb db)
        => InMemoryApp.Create<IAccountRepository>(Assembly.Value, "Accounts.AccountRepository", store, db);

    /// <summary>The generated dispatch table, for a write-behind worker. (Reflection here is the test's, to reach the in-memory assembly.)</summary>
    public static WriteBehindHandler[] WriteBehindHandlers(IAccountRepository repository)
        => (WriteBehindHandler[])Assembly.Value.GetType("Accounts.AccountRepository")!
            .GetMethod("WriteBehindHandlers", BindingFlags.Public | BindingFlags.Static)!
            .Invoke(null, [repository])!;
}
