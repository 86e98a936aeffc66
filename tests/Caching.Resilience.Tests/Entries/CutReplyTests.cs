using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching.Runtime.Tests.Support;
using Caching.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace Caching.Resilience.Tests.Entries;

/// <summary>
/// Issue 8: a reply cut in the middle (the connection dies after part of a large entry has arrived). The generated
/// method answers from its core, never with a partial value and never with an exception; once the client has
/// reconnected the entry, intact in Redis, is a hit again.
/// </summary>
public sealed class CutReplyTests : IAsyncLifetime
{
    private const int NoteLength = 200_000;

    private RedisServer _server = null!;
    private FaultProxy _proxy = null!;
    private ConnectionMultiplexer _throughProxy = null!;
    private ConnectionMultiplexer _direct = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _proxy = FaultProxy.Start(_server);
        var options = ConfigurationOptions.Parse(_proxy.Endpoint + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000");
        _throughProxy = await ConnectionMultiplexer.ConnectAsync(options);
        _direct = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _throughProxy.DisposeAsync();
        await _direct.DisposeAsync();
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ReplyCutMidEntry_TheCoreAnswers_NoException_ThenTheEntryIsAHitAgain()
    {
        const string prefix = "cut";
        var log = new ListLogger();
        var repository = new HostileEntryRepository(new RedisCacheStore(_throughProxy, new RedisCacheStoreOptions { KeyPrefix = prefix }, log))
        {
            NoteLength = NoteLength,
        };
        var expected = HostileEntryRepository.Item(1, NoteLength);
        Assert.Equal(expected, await repository.GetItemAsync(1));
        var key = await EntryInspection.OnlyKeyAsync(_direct, prefix + ":hostile:item:1#*");
        var good = await EntryInspection.AssertGoodStringEntryAsync(_direct.GetDatabase(), key);
        Assert.True(good.Length > NoteLength, $"entry of {good.Length} bytes");
        await Task.Delay(300); // let the handshake's last replies go by, so the cut falls on the GET's reply

        _proxy.CutNextReply(good.Length / 2);
        var clock = Stopwatch.StartNew();
        var answer = await repository.GetItemAsync(1);
        clock.Stop();

        Assert.Equal(expected, answer);
        Assert.Equal(2, repository.ItemCalls);
        Assert.Equal(1, _proxy.CutReplies);
        Assert.Contains("ReadFailed", log.EventNames);
        Assert.DoesNotContain("EntryUnreadable", log.EventNames);
        // The entry in Redis was never damaged; whatever the fill did, it is a good, whole entry.
        var after = await EntryInspection.AssertGoodStringEntryAsync(_direct.GetDatabase(), key);
        Assert.Equal(good.AsSpan(16).ToArray(), after.AsSpan(16).ToArray());

        await WaitForReconnectAsync();
        Assert.Equal(expected, await repository.GetItemAsync(1));
        Assert.Equal(2, repository.ItemCalls);
        Console.WriteLine($"cut reply: the call answered from the core in {clock.ElapsedMilliseconds} ms");
    }

    private async Task WaitForReconnectAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                await _throughProxy.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("The client did not reconnect through the proxy within 10 s.");
    }
}
