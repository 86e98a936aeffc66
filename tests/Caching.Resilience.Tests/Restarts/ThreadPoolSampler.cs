using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Resilience.Tests.Restarts;

/// <summary>
/// Watches the thread pool while Redis hangs. A dedicated thread (not a pool thread, which a starved pool would
/// delay) samples <see cref="ThreadPool.PendingWorkItemCount"/> and <see cref="ThreadPool.ThreadCount"/> every
/// 5 ms, and every 25 ms starts two probes: a work item queued to the pool and a 10 ms timer whose continuation runs
/// on the pool. How late each probe runs is what a starved pool shows first (every request of the application
/// waits that long before it even starts).
/// </summary>
internal sealed class ThreadPoolSampler : IDisposable
{
    private static readonly TimeSpan TimerDelay = TimeSpan.FromMilliseconds(10);

    private readonly Thread _thread;
    private readonly ConcurrentBag<double> _queueDelaysMs = new();
    private readonly ConcurrentBag<double> _timerLatenessMs = new();
    private volatile bool _stop;
    private long _maxPending;
    private long _pendingSum;
    private long _samples;
    private int _maxThreads;
    private int _minThreads = int.MaxValue;
    private int _probesStarted;
    private int _probesRun;

    public ThreadPoolSampler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "thread pool sampler" };
        _thread.Start();
    }

    public long MaxPending => Interlocked.Read(ref _maxPending);

    public double MeanPending => _samples == 0 ? 0 : (double)_pendingSum / _samples;

    public int MaxThreads => _maxThreads;

    public int MinThreads => _minThreads;

    public long Samples => _samples;

    /// <summary>The longest a work item queued to the pool waited before it ran, in ms.</summary>
    public double MaxQueueDelayMs => _queueDelaysMs.IsEmpty ? 0 : _queueDelaysMs.Max();

    /// <summary>The longest a 10 ms timer's continuation ran after it was due, in ms.</summary>
    public double MaxTimerLatenessMs => _timerLatenessMs.IsEmpty ? 0 : _timerLatenessMs.Max();

    /// <summary>Probes started and probes that ran (each probe is a work item and a timer).</summary>
    public (int Started, int Run) Probes => (Volatile.Read(ref _probesStarted), Volatile.Read(ref _probesRun));

    /// <summary>
    /// Stops sampling, then waits (up to <paramref name="timeout"/>, without blocking a pool thread) for the probes
    /// already started to run.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _stop = true;
        var clock = Stopwatch.StartNew();
        while (_thread.IsAlive || (Volatile.Read(ref _probesRun) < 2 * Volatile.Read(ref _probesStarted) && clock.Elapsed < timeout))
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Samples} samples: pending max {MaxPending} mean {MeanPending:F1}; threads {MinThreads}..{MaxThreads}; " +
        $"probes {Probes.Run}/{2 * Probes.Started} ran, queue delay max {MaxQueueDelayMs:F1} ms, timer lateness max {MaxTimerLatenessMs:F1} ms");

    private void Run()
    {
        var nextProbe = Stopwatch.GetTimestamp();
        while (!_stop)
        {
            var pending = ThreadPool.PendingWorkItemCount;
            var threads = ThreadPool.ThreadCount;
            Interlocked.Add(ref _pendingSum, pending);
            Interlocked.Increment(ref _samples);
            if (pending > _maxPending)
            {
                Interlocked.Exchange(ref _maxPending, pending);
            }

            _maxThreads = Math.Max(_maxThreads, threads);
            _minThreads = Math.Min(_minThreads, threads);

            var now = Stopwatch.GetTimestamp();
            if (now >= nextProbe)
            {
                nextProbe = now + Stopwatch.Frequency / 40; // every 25 ms
                StartProbes(now);
            }

            Thread.Sleep(5);
        }
    }

    private void StartProbes(long now)
    {
        Interlocked.Increment(ref _probesStarted);
        ThreadPool.UnsafeQueueUserWorkItem(
            static s =>
            {
                s.Sampler._queueDelaysMs.Add(Stopwatch.GetElapsedTime(s.Queued).TotalMilliseconds);
                Interlocked.Increment(ref s.Sampler._probesRun);
            },
            (Sampler: this, Queued: now),
            preferLocal: false);
        _ = Task.Delay(TimerDelay).ContinueWith(
            static (_, o) =>
            {
                var (sampler, started) = ((ThreadPoolSampler, long))o!;
                sampler._timerLatenessMs.Add(Math.Max(0, (Stopwatch.GetElapsedTime(started) - TimerDelay).TotalMilliseconds));
                Interlocked.Increment(ref sampler._probesRun);
            },
            (this, now),
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }
}
