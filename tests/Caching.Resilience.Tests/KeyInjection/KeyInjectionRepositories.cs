using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>An enum hole: written as its underlying number.</summary>
public enum KiKind : short
{
    /// <summary>Negative, so the minus sign goes through the key too.</summary>
    Low = -7,

    /// <summary>Zero.</summary>
    None = 0,

    /// <summary>Positive.</summary>
    High = 300,
}

/// <summary>
/// Real generated repositories (the generator runs as an analyzer on this project) whose key templates cover the
/// shapes of docs/design/keys-and-entries.md: several holes separated by ':', holes of many types, nullable holes, a
/// literal hash tag, a hash tag around a hole, tags with holes, and key and tag invalidation. Each core returns the
/// <see cref="KeyFingerprint"/> of its arguments, so a value read back says whose arguments it was stored for.
/// </summary>
[CacheDefaults(KeyPrefix = "ki", Ttl = 600)]
public sealed partial class KiUserRepository(ICacheStore cache)
{
    private int _coreCalls;

    /// <summary>How many times a core ran.</summary>
    public int CoreCalls => Volatile.Read(ref _coreCalls);

    /// <summary>Two holes, an int and a nullable string.</summary>
    [Cached(Key = "user:<id>:<name>")]
    public partial Task<long> GetUserAsync(int id, string? name);

    private Task<long> GetUserCoreAsync(int id, string? name) => Core(KeyFingerprint.Of(id, name));

    /// <summary>The key invalidation of <see cref="GetUserAsync"/>.</summary>
    [Invalidates(Key = "user:<id>:<name>")]
    public partial Task RemoveUserAsync(int id, string? name);

    private Task RemoveUserCoreAsync(int id, string? name) => Task.CompletedTask;

    /// <summary>Two string holes side by side: the classic ("a:b","c") against ("a","b:c").</summary>
    [Cached(Key = "pair:<a>:<b>")]
    public partial Task<long> GetPairAsync(string? a, string? b);

    private Task<long> GetPairCoreAsync(string? a, string? b) => Core(KeyFingerprint.Of(a, b));

    /// <summary>Holes of every formatting path: string, number, Guid, DateTimeOffset (ISO 8601), char, bool?, enum.</summary>
    [Cached(Key = "mix:<text>:<number>:<id>:<at>:<letter>:<flag>:<kind>")]
    public partial Task<long> GetMixAsync(string text, long number, Guid id, DateTimeOffset at, char letter, bool? flag, KiKind kind);

    private Task<long> GetMixCoreAsync(string text, long number, Guid id, DateTimeOffset at, char letter, bool? flag, KiKind kind)
        => Core(KeyFingerprint.Of(text, number.ToString(System.Globalization.CultureInfo.InvariantCulture), id.ToString(),
            at.ToString("O", System.Globalization.CultureInfo.InvariantCulture), letter.ToString(), flag?.ToString(), ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private Task<long> Core(long value)
    {
        Interlocked.Increment(ref _coreCalls);
        return Task.FromResult(value);
    }
}

/// <summary>Templates with Redis Cluster hash tags, tags with holes, tag and key invalidation.</summary>
[CacheDefaults(KeyPrefix = "kt", Ttl = 600)]
public sealed partial class KiTenantRepository(ICacheStore cache)
{
    private int _coreCalls;

    /// <summary>How many times a core ran.</summary>
    public int CoreCalls => Volatile.Read(ref _coreCalls);

    /// <summary>A literal hash tag: every key of this method is in slot("users"), whatever the values.</summary>
    [Cached(Key = "{users}:profile:<name>:<page>")]
    public partial Task<long> GetProfileAsync(string? name, int page);

    private Task<long> GetProfileCoreAsync(string? name, int page) => Core(KeyFingerprint.Of(name, page.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A hash tag around a hole: a tenant's keys share one slot, the slot of "tenant:" and the escaped tenant.</summary>
    [Cached(Key = "{tenant:<tenant>}:doc:<doc>", Tags = ["tenant:<tenant>"])]
    public partial Task<long> GetTenantDocAsync(string? tenant, string? doc);

    private Task<long> GetTenantDocCoreAsync(string? tenant, string? doc) => Core(KeyFingerprint.Of(tenant, doc));

    /// <summary>Invalidates every entry of one tenant (<see cref="GetTenantDocAsync"/>), by tag.</summary>
    [InvalidatesTag("tenant:<tenant>")]
    public partial Task InvalidateTenantAsync(string? tenant);

    private Task InvalidateTenantCoreAsync(string? tenant) => Task.CompletedTask;

    /// <summary>No hash tag: the keys a pattern invalidation sweeps (<c>doc:&lt;escaped tenant&gt;:*</c>).</summary>
    [Cached(Key = "doc:<tenant>:<doc>")]
    public partial Task<long> GetDocAsync(string? tenant, string? doc);

    private Task<long> GetDocCoreAsync(string? tenant, string? doc) => Core(KeyFingerprint.Of(tenant, doc));

    /// <summary>The key invalidation of <see cref="GetDocAsync"/>.</summary>
    [Invalidates(Key = "doc:<tenant>:<doc>")]
    public partial Task RemoveDocAsync(string? tenant, string? doc);

    private Task RemoveDocCoreAsync(string? tenant, string? doc) => Task.CompletedTask;

    private Task<long> Core(long value)
    {
        Interlocked.Increment(ref _coreCalls);
        return Task.FromResult(value);
    }
}
