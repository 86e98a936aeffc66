using System;

namespace Caching;

/// <summary>
/// The validated copy of <see cref="DistributedFillOptions"/> a store takes at construction, so a bad setting fails
/// there with the option's name, and later changes to the options object do not change a running store.
/// </summary>
internal sealed class DistributedFillSettings
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    private DistributedFillSettings(TimeSpan lockTtl, TimeSpan waitTimeout, TimeSpan pollInterval)
    {
        LockTtl = lockTtl;
        WaitTimeout = waitTimeout;
        PollInterval = pollInterval;
    }

    public TimeSpan LockTtl { get; }

    public TimeSpan WaitTimeout { get; }

    public TimeSpan PollInterval { get; }

    /// <summary>The settings, or null when distributed fills are off (the store then behaves exactly as without them).</summary>
    public static DistributedFillSettings? From(DistributedFillOptions? options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(RedisCacheStoreOptions.DistributedFill), "DistributedFill must not be null.");
        }

        if (!options.Enabled)
        {
            return null;
        }

        Require(options.LockTtl, nameof(DistributedFillOptions.LockTtl));
        Require(options.WaitTimeout, nameof(DistributedFillOptions.WaitTimeout));
        Require(options.PollInterval, nameof(DistributedFillOptions.PollInterval));
        if (options.PollInterval > options.WaitTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DistributedFillOptions.PollInterval), options.PollInterval,
                $"PollInterval must not be longer than WaitTimeout ({options.WaitTimeout}): a waiter would never poll.");
        }

        return new DistributedFillSettings(options.LockTtl, options.WaitTimeout, options.PollInterval);
    }

    private static void Require(TimeSpan value, string name)
    {
        if (value < Shortest || value > Longest)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be between 1 ms and 1 day.");
        }
    }
}
