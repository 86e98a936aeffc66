using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.EndToEnd.Tests.Support;

public enum CardTier
{
    Free,
    Pro,
}

/// <summary>A flat value, cached with Layout = Hash.</summary>
public sealed record Card(int Id, string Name, string? City, CardTier Tier, DateTimeOffset Joined);

/// <summary>What the generated card repository offers, single-field reads included.</summary>
public interface ICardRepository
{
    Task<Card?> GetCardAsync(int id, CancellationToken ct = default);

    ValueTask<CacheLookup<string>> GetCardNameAsync(int id, CancellationToken ct = default);

    ValueTask<CacheLookup<string?>> GetCardCityAsync(int id, CancellationToken ct = default);

    ValueTask<CacheLookup<CardTier>> GetCardTierAsync(int id, CancellationToken ct = default);

    ValueTask<CacheLookup<Card?>> TryGetCardAsync(int id, CancellationToken ct = default);

    Task DeleteCardAsync(int id);

    Task<string> GetNotesAsync(int id);
}

/// <summary>The "database" of cards and notes, with read counts.</summary>
public sealed class CardDb
{
    private readonly ConcurrentDictionary<int, Card> _cards = new();
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public void Seed(Card card) => _cards[card.Id] = card;

    public Task<Card?> FindAsync(int id)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_cards.TryGetValue(id, out var card) ? card : null);
    }

    public Task DeleteAsync(int id)
    {
        _cards.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public Task<string> NotesAsync(int id)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(string.Concat(System.Linq.Enumerable.Repeat($"note {id}: please deliver before noon. ", 100)));
    }
}

/// <summary>The user's code for the hash layout and compression, compiled once with the generators and loaded.</summary>
internal static class CardApp
{
    public const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;
        using Caching.EndToEnd.Tests.Support;

        namespace Cards;

        [CacheDefaults(KeyPrefix = "cards", Ttl = 600)]
        public partial class CardRepository(ICacheStore cache, CardDb db) : ICardRepository
        {
            [Cached(Key = "card:<id>", Layout = CacheLayout.Hash)]
            public partial Task<Card?> GetCardAsync(int id, CancellationToken ct = default);
            private Task<Card?> GetCardCoreAsync(int id, CancellationToken ct) => db.FindAsync(id);

            [Invalidates(Key = "card:<id>")]
            public partial Task DeleteCardAsync(int id);
            private Task DeleteCardCoreAsync(int id) => db.DeleteAsync(id);

            [Cached(Key = "notes:<id>", CompressAbove = 1024)]
            public partial Task<string> GetNotesAsync(int id);
            private Task<string> GetNotesCoreAsync(int id) => db.NotesAsync(id);
        }
        """;

    private static readonly Lazy<Assembly> Assembly = new(() => InMemoryApp.Compile(Source, "Cards"));

    public static ICardRepository CreateRepository(ICacheStore store, CardDb db)
        => InMemoryApp.Create<ICardRepository>(Assembly.Value, "Cards.CardRepository", store, db);
}
