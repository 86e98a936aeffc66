using System;
using System.Globalization;

namespace Caching;

/// <summary>Settings of a <see cref="WriteBehindWorker"/>.</summary>
public sealed class WriteBehindWorkerOptions
{
    /// <summary>The Redis consumer group every worker of the application joins; each queued call goes to one of them.</summary>
    public string ConsumerGroup { get; set; } = "caching-writebehind";

    /// <summary>
    /// This worker's name in the group. By default the machine name and the process id, so two processes never
    /// share a name. A stable name (a pod name, say) lets a restarted process pick up its own unfinished calls at
    /// once; otherwise another worker claims them after <see cref="ClaimIdleTime"/>.
    /// </summary>
    public string? ConsumerName { get; set; }

    /// <summary>How many calls one read takes from the stream.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// How long the worker waits before reading again when the stream had nothing for it. StackExchange.Redis does
    /// not issue blocking reads (they would stall its shared connection), so the worker polls.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many times a call is run before it moves to the dead-letter stream (1 means no retry).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How many times a call may be delivered to a worker without completing before it moves to the dead-letter
    /// stream instead of running again. Redis counts the deliveries, so the count outlives the process: the first
    /// read, each claim by another worker after <see cref="ClaimIdleTime"/>, and each re-read of a worker's own
    /// unfinished calls (after a restart under a stable name, or after a Redis error) count. A call that crashes its
    /// process, or hangs it until it is killed, thus runs at most this many times. The retries of a failing call
    /// within one delivery (<see cref="MaxAttempts"/>) count once.
    /// </summary>
    public int MaxDeliveries { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a call may stay delivered but unacknowledged before another worker claims it (XAUTOCLAIM): that
    /// is how the calls of a crashed worker are finished. Keep it above the longest time one call takes with all
    /// its retries, or a slow call may run twice.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a consumer of the group must have been idle, holding no pending call, before workers delete it
    /// from the group (XGROUP DELCONSUMER). Default consumer names include the process id, so each process that
    /// ever ran adds a consumer; workers delete the idle ones when they start and every few minutes after. A
    /// consumer holding pending calls is never deleted, so its calls can still be claimed. A live worker with
    /// nothing to do may be deleted too (Redis before 7.2 does not count empty reads as activity): that is harmless,
    /// as it holds nothing and its next read that gets a call adds it again.
    /// </summary>
    public TimeSpan IdleConsumerTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the worker waits after a Redis error before it tries again.</summary>
    public TimeSpan RedisRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long <see cref="WriteBehindWorker.StopAsync"/> keeps running queued and pending calls before it stops
    /// anyway. Calls left then stay in Redis, to be run by the next worker.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most entries kept in the dead-letter stream (approximately: Redis trims whole nodes); the oldest go
    /// first. <c>null</c> (the default) keeps every dead letter until someone deletes it.
    /// </summary>
    public int? DeadLetterMaxLength { get; set; }

    internal string ResolveConsumerName()
        => string.IsNullOrEmpty(ConsumerName)
            ? Environment.MachineName + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
            : ConsumerName;

    // Checked once, when the worker is built, so a bad setting fails at startup rather than in the loop.
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ConsumerGroup, nameof(ConsumerGroup));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAttempts, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDeliveries, nameof(MaxDeliveries));
        RequirePositive(PollInterval, nameof(PollInterval));
        RequirePositive(RetryBaseDelay, nameof(RetryBaseDelay));
        RequirePositive(ClaimIdleTime, nameof(ClaimIdleTime));
        RequirePositive(IdleConsumerTimeout, nameof(IdleConsumerTimeout));
        RequirePositive(RedisRetryDelay, nameof(RedisRetryDelay));
        RequirePositive(DrainTimeout, nameof(DrainTimeout));
        if (RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaxDelay), RetryMaxDelay, "RetryMaxDelay must not be shorter than RetryBaseDelay.");
        }

        if (DeadLetterMaxLength is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DeadLetterMaxLength), DeadLetterMaxLength, "DeadLetterMaxLength must be positive, or null to keep every dead letter.");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be positive.");
        }
    }
}
