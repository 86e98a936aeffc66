using System.Linq;
using Caching.Generators.Model;
using Caching.Generators.Tests.Support;
using Xunit;

namespace Caching.Generators.Tests;

/// <summary>The hash-layout and compression parts of the model: equal from two compilations, different when they change.</summary>
public sealed class StorageModelEqualityTests
{
    private const string Repository = Sources.Usings + """
        namespace App
        {
            public sealed record Card(int Id, string Name, string? City);

            public partial class Cards(ICacheStore cache)
            {
                [Cached(Key = "card:<id>", Ttl = 60, Layout = CacheLayout.Hash)]
                public partial Task<Card?> GetCardAsync(int id);
                private Task<Card?> GetCardCoreAsync(int id) => Task.FromResult<Card?>(null);

                [Cached(Key = "notes:<id>", Ttl = 60, CompressAbove = 2048)]
                public partial Task<string> GetNotesAsync(int id);
                private Task<string> GetNotesCoreAsync(int id) => Task.FromResult("");
            }
        }
        """;

    [Fact]
    public void HashAndCompressionModels_FromTwoCompilations_AreEqual()
    {
        var first = Models();
        var second = Models();

        Assert.Equal(first, second);
        Assert.Equal(first.Select(m => m.GetHashCode()), second.Select(m => m.GetHashCode()));
        var card = first.Single(m => m.MethodName == "GetCardAsync");
        Assert.Equal(["Id", "Name", "City"], card.Hash!.Properties.Select(p => p.Name));
        Assert.Equal(3, card.Hash.ConstructorArguments);
        Assert.Equal("GetCardNameAsync", card.Hash.Properties[1].ReadMethodName);
        Assert.NotEqual(card, card with { Hash = card.Hash with { ConstructorArguments = 2 } });
        var notes = first.Single(m => m.MethodName == "GetNotesAsync");
        Assert.Equal(2048, notes.CompressAbove);
        Assert.Null(notes.Hash);
        Assert.NotEqual(notes, notes with { CompressAbove = 1024 });
    }

    private static CachedMethodModel[] Models()
        => GeneratorRunner.CreateDriver().RunGenerators(TestCompilation.Create(Repository, Sources.UserAndJsonContext)).GetRunResult().Results.Single()
            .TrackedSteps[TrackingNames.CachedMethods].SelectMany(s => s.Outputs).Select(o => (CachedMethodModel)o.Value).OrderBy(m => m.MethodName).ToArray();
}
