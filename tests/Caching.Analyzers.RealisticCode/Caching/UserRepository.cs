using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace RealisticCode.Caching;

/// <summary>Cache-aside over the user table: reads are cached, writes go to the database first.</summary>
[CacheDefaults(KeyPrefix = "shop", Ttl = 600, Jitter = 60)]
public sealed partial class UserRepository(ICacheStore cache, IUserDatabase db)
{
    [Cached(Key = "user:<id>", Tags = ["user:<id>"])]
    public partial Task<User?> GetUserAsync(int id, CancellationToken ct = default);

    private Task<User?> GetUserCoreAsync(int id, CancellationToken ct) => db.FindAsync(id, ct);

    [Cached(Key = "user-by-email:<email>", Ttl = 300, Jitter = 30, Tags = ["users"])]
    public partial Task<User?> FindByEmailAsync(string email, CancellationToken ct = default);

    private Task<User?> FindByEmailCoreAsync(string email, CancellationToken ct) => db.FindByEmailAsync(email, ct);

    /// <summary>The database first, then the new value is stored under the user's key.</summary>
    [WriteThrough(Key = "user:<user.Id>")]
    [InvalidatesTag("users")]
    public partial Task SaveUserAsync(User user, CancellationToken ct = default);

    private Task SaveUserCoreAsync(User user, CancellationToken ct) => db.SaveAsync(user, ct);

    [Invalidates(Key = "user:<id>")]
    [InvalidatesTag("user:<id>")]
    [InvalidatesTag("users")]
    public partial Task DeleteUserAsync(int id, CancellationToken ct = default);

    private Task DeleteUserCoreAsync(int id, CancellationToken ct) => db.DeleteAsync(id, ct);
}
