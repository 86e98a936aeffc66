using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// Checks <see cref="RedisCachingOptions"/> when the application starts, and says what to change. Messages never
/// repeat the configuration string: it may hold a password.
/// </summary>
public sealed class RedisCachingOptionsValidator : IValidateOptions<RedisCachingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RedisCachingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var which = string.IsNullOrEmpty(name) ? "AddRedisCaching" : $"AddRedisCaching(\"{name}\")";
        var failures = new List<string>();
        var hasConfiguration = !string.IsNullOrWhiteSpace(options.Configuration);
        if (hasConfiguration == (options.Connection is not null))
        {
            failures.Add(hasConfiguration
                ? $"{which}: set either Configuration or Connection, not both."
                : $"{which}: no Redis connection; set Configuration to a StackExchange.Redis connection string (\"host:6379\"), or Connection to return an existing IConnectionMultiplexer.");
        }
        else if (hasConfiguration && ParseProblem(options.Configuration!) is { } problem)
        {
            failures.Add($"{which}: Configuration is not a valid StackExchange.Redis connection string: {problem}");
        }

        if (options.Store is null)
        {
            failures.Add($"{which}: Store is null; leave it as created, or set it to new RedisCacheStoreOptions().");
        }
        else
        {
            var store = options.Store;
            Positive(failures, which, store.OperationTimeout, nameof(RedisCacheStoreOptions.OperationTimeout));
            Positive(failures, which, store.InvalidationWindow, nameof(RedisCacheStoreOptions.InvalidationWindow));
            Positive(failures, which, store.MaxTaggedEntryTtl, nameof(RedisCacheStoreOptions.MaxTaggedEntryTtl));
            Positive(failures, which, store.DefaultTtl, nameof(RedisCacheStoreOptions.DefaultTtl));
            if (store.DefaultJitter < TimeSpan.Zero || store.DefaultJitter >= store.DefaultTtl)
            {
                failures.Add($"{which}: Store.DefaultJitter is {store.DefaultJitter}; it must be zero or more and less than Store.DefaultTtl ({store.DefaultTtl}); a tenth of it is usual.");
            }
            if (store.RepeatedFailureLogInterval < TimeSpan.Zero)
            {
                failures.Add($"{which}: Store.RepeatedFailureLogInterval is {store.RepeatedFailureLogInterval}; use zero to log every failure, or a positive interval.");
            }
            if (store.MaxPendingInvalidations < 0)
            {
                failures.Add($"{which}: Store.MaxPendingInvalidations is {store.MaxPendingInvalidations}; use zero to turn replays of failed invalidations off, or a positive count.");
            }

            if (store.Database < -1)
            {
                failures.Add($"{which}: Store.Database is {store.Database}; use -1 for the connection's default database, or a database number.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // StackExchange.Redis says which option it could not read; its message names the option, not the value of a
    // password, but the value of another option may be echoed, so only the first sentence is kept.
    private static string? ParseProblem(string configuration)
    {
        try
        {
            _ = ConfigurationOptions.Parse(configuration);
            return null;
        }
        catch (ArgumentException ex)
        {
            var message = ex.Message;
            var end = message.IndexOf(';');
            return end > 0 ? message.Substring(0, end) : "it could not be parsed";
        }
    }

    private static void Positive(List<string> failures, string which, TimeSpan? value, string name)
    {
        if (value is { } span && span <= TimeSpan.Zero)
        {
            failures.Add($"{which}: Store.{name} is {span}; it must be positive.");
        }
    }
}
