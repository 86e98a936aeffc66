using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace Caching.Runtime.Tests.WriteBehind;

/// <summary>Waits for a background worker to reach a state, failing with a description when it does not in time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new XunitException($"Not reached within {timeout}: {describe()}");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
        => TrueAsync(() => Task.FromResult(condition()), timeout, describe);
}
