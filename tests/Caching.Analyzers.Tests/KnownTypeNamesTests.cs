using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Caching.Analyzers.Attributes;
using Caching.Generators.Shared;
using Xunit;

namespace Caching.Analyzers.Tests;

/// <summary>The metadata names the generator and analyzers look for are those of the real types.</summary>
public sealed class KnownTypeNamesTests
{
    public static TheoryData<string, Type> Names() => new()
    {
        { KnownTypeNames.CachedAttribute, typeof(CachedAttribute) },
        { KnownTypeNames.CacheDefaultsAttribute, typeof(CacheDefaultsAttribute) },
        { KnownTypeNames.CachedBatchAttribute, typeof(CachedBatchAttribute) },
        { KnownTypeNames.WriteThroughAttribute, typeof(WriteThroughAttribute) },
        { KnownTypeNames.WriteBehindAttribute, typeof(WriteBehindAttribute) },
        { KnownTypeNames.InvalidatesAttribute, typeof(InvalidatesAttribute) },
        { KnownTypeNames.InvalidatesTagAttribute, typeof(InvalidatesTagAttribute) },
        { KnownTypeNames.KnownCacheTagsAttribute, typeof(KnownCacheTagsAttribute) },
        { KnownTypeNames.CacheStoreAttribute, typeof(CacheStoreAttribute) },
        { KnownTypeNames.NotCacheKeyAttribute, typeof(NotCacheKeyAttribute) },
        { KnownTypeNames.CacheSerializerContextAttribute, typeof(CacheSerializerContextAttribute) },
        { KnownTypeNames.CacheStore, typeof(ICacheStore) },
        { KnownTypeNames.JsonSerializableAttribute, typeof(JsonSerializableAttribute) },
        { KnownTypeNames.JsonSerializerContext, typeof(JsonSerializerContext) },
        { KnownTypeNames.CancellationToken, typeof(CancellationToken) },
        { KnownTypeNames.Task1, typeof(Task<>) },
        { KnownTypeNames.ValueTask1, typeof(ValueTask<>) },
        { KnownTypeNames.Task, typeof(Task) },
        { KnownTypeNames.ValueTask, typeof(ValueTask) },
        { KnownTypeNames.SpanFormattable, typeof(ISpanFormattable) },
        { KnownTypeNames.IEnumerable1, typeof(IEnumerable<>) },
        { KnownTypeNames.IReadOnlyDictionary2, typeof(IReadOnlyDictionary<,>) },
        { KnownTypeNames.IReadOnlyList1, typeof(IReadOnlyList<>) },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Name_IsTheTypesFullName(string name, Type type) => Assert.Equal(type.FullName, name);

    [Fact]
    public void EveryName_IsChecked()
    {
        var constants = typeof(KnownTypeNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(n => n, StringComparer.Ordinal);
        var checkedNames = Names().Select(row => (string)row[0]).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(constants, checkedNames);
    }
}
