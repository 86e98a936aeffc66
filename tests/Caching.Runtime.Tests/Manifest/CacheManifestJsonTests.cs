using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Caching.Runtime.Tests.Manifest;

/// <summary>The manifest's hand-written JSON: fixed property order, enums as names, readable templates, quotes escaped.</summary>
public sealed class CacheManifestJsonTests
{
    private static readonly CacheManifestEntry GetUser = new(
        "App.UserRepository", "GetUserAsync", CacheManifestEntryKind.Cached, "user:<id>", "shop:user:<id>#3f3d7902",
        ttlSeconds: 600, jitterSeconds: 60, localTtlSeconds: 30, failSafeSeconds: 300,
        tags: ["users"], invalidatedKeys: [], invalidatedTags: [],
        invalidatedBy: [new CacheManifestLink("App.UserRepository", "DeleteUserAsync", CacheManifestLinkKind.Key, "user:<id>")],
        invalidates: []);

    private static readonly CacheManifestEntry DeleteUser = new(
        "App.UserRepository", "DeleteUserAsync", CacheManifestEntryKind.Invalidates, null, null,
        0, 0, 0, 0, tags: [], invalidatedKeys: ["shop:user:<id>"], invalidatedTags: ["say \"hi\"\\"],
        invalidatedBy: [],
        invalidates: [new CacheManifestLink("App.UserRepository", "GetUserAsync", CacheManifestLinkKind.Key, "user:<id>")]);

    [Fact]
    public void ToJson_WritesEveryPropertyInAFixedOrder_EntriesSortedByTypeAndMethod()
    {
        // Registered in the wrong order on purpose: DeleteUserAsync sorts before GetUserAsync.
        var json = new CacheManifest([GetUser, DeleteUser]).ToJson();

        const string expected = """
            {
              "entries": [
                {
                  "declaringType": "App.UserRepository",
                  "method": "DeleteUserAsync",
                  "kind": "Invalidates",
                  "keyTemplate": null,
                  "key": null,
                  "ttlSeconds": 0,
                  "jitterSeconds": 0,
                  "localTtlSeconds": 0,
                  "failSafeSeconds": 0,
                  "tags": [],
                  "invalidatedKeys": [
                    "shop:user:<id>"
                  ],
                  "invalidatedTags": [
                    "say \"hi\"\\"
                  ],
                  "invalidatedBy": [],
                  "invalidates": [
                    {
                      "declaringType": "App.UserRepository",
                      "method": "GetUserAsync",
                      "via": "key",
                      "template": "user:<id>"
                    }
                  ]
                },
                {
                  "declaringType": "App.UserRepository",
                  "method": "GetUserAsync",
                  "kind": "Cached",
                  "keyTemplate": "user:<id>",
                  "key": "shop:user:<id>#3f3d7902",
                  "ttlSeconds": 600,
                  "jitterSeconds": 60,
                  "localTtlSeconds": 30,
                  "failSafeSeconds": 300,
                  "tags": [
                    "users"
                  ],
                  "invalidatedKeys": [],
                  "invalidatedTags": [],
                  "invalidatedBy": [
                    {
                      "declaringType": "App.UserRepository",
                      "method": "DeleteUserAsync",
                      "via": "key",
                      "template": "user:<id>"
                    }
                  ],
                  "invalidates": []
                }
              ]
            }
            """;
        Assert.Equal(expected.Replace("\n", Environment.NewLine, StringComparison.Ordinal), json);
    }

    [Fact]
    public void ToJson_EscapesQuotesAndBackslashes_AndReadsBackToTheSameStrings()
    {
        var json = new CacheManifest([DeleteUser]).ToJson();

        Assert.Contains("\"say \\\"hi\\\"\\\\\"", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var entry = document.RootElement.GetProperty("entries")[0];
        Assert.Equal("say \"hi\"\\", entry.GetProperty("invalidatedTags")[0].GetString());
        Assert.Equal("shop:user:<id>", entry.GetProperty("invalidatedKeys")[0].GetString());
    }

    [Fact]
    public void WriteJson_WritesCompactJsonToTheCallersWriter()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CacheManifest.Empty.WriteJson(writer);
        }

        Assert.Equal("{\"entries\":[]}", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Entry_CopiesItsLists_SoTheCallersArraysCannotChangeIt()
    {
        string[] tags = ["users"];
        var entry = new CacheManifestEntry("T", "M", CacheManifestEntryKind.Cached, "k", "k#0", 1, 0, 0, 0, tags, [], [], [], []);
        tags[0] = "changed";

        Assert.Equal(["users"], entry.Tags);
        Assert.Throws<NotSupportedException>(() => ((System.Collections.Generic.IList<string>)entry.Tags)[0] = "x");
    }
}
