namespace Caching.Analyzers.Tests.Keys;

/// <summary>A repository with one cached method, for the key rules' tests; markup goes in the attribute or the parameters.</summary>
internal static class KeyRepository
{
    /// <param name="attributes">The method's attributes, with markup, such as <c>[Cached(Key = {|CACHE006:"r:&lt;x&gt;"|}, Ttl = 600)]</c>.</param>
    /// <param name="parameters">The method's parameters as declared (markup and attributes allowed).</param>
    /// <param name="coreParameters">The core's parameters: the same types and names, without attributes.</param>
    /// <param name="valueType">The cached value type.</param>
    /// <param name="typeAttributes">Attributes of the repository type, such as <c>[CacheDefaults(...)]</c>.</param>
    public static string With(string attributes, string parameters, string coreParameters, string valueType = "int", string typeAttributes = "")
        => $$"""
            using System;
            using System.Collections.Generic;
            using System.ComponentModel;
            using System.Threading;
            using System.Threading.Tasks;
            using Caching;

            namespace App;

            {{typeAttributes}}
            public partial class Reports(ICacheStore cache)
            {
                {{attributes}}
                public partial Task<{{valueType}}> {|CS8795:CountAsync|}({{parameters}});

                private Task<{{valueType}}> CountCoreAsync({{coreParameters}}) => Task.FromResult<{{valueType}}>(default!);
            }
            """;
}
