using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Caching;

/// <summary>The manifest as JSON, written by hand with <see cref="Utf8JsonWriter"/>: no reflection, so AOT apps can serve it.</summary>
public sealed partial class CacheManifest
{
    /// <summary>
    /// Writes the manifest as one JSON object, <c>{"entries":[...]}</c>, with the properties of each entry in a fixed
    /// order (camelCase names, enums as strings, lists always present) so the output of two builds can be diffed.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartArray("entries");
        foreach (var entry in Entries)
        {
            WriteEntry(writer, entry);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The manifest as indented JSON (see <see cref="WriteJson"/>).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps key templates readable ("user:<id>", not "user:\u003Cid\u003E"); the text is served as
        // application/json and never embedded in HTML. Quotes, backslashes and control characters are still escaped.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteEntry(Utf8JsonWriter writer, CacheManifestEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("declaringType", entry.DeclaringType);
        writer.WriteString("method", entry.Method);
        writer.WriteString("kind", KindName(entry.Kind));
        WriteStringOrNull(writer, "keyTemplate", entry.KeyTemplate);
        WriteStringOrNull(writer, "key", entry.Key);
        writer.WriteNumber("ttlSeconds", entry.TtlSeconds);
        writer.WriteNumber("jitterSeconds", entry.JitterSeconds);
        writer.WriteNumber("localTtlSeconds", entry.LocalTtlSeconds);
        writer.WriteNumber("failSafeSeconds", entry.FailSafeSeconds);
        WriteStrings(writer, "tags", entry.Tags);
        WriteStrings(writer, "invalidatedKeys", entry.InvalidatedKeys);
        WriteStrings(writer, "invalidatedTags", entry.InvalidatedTags);
        WriteLinks(writer, "invalidatedBy", entry.InvalidatedBy);
        WriteLinks(writer, "invalidates", entry.Invalidates);
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteLinks(Utf8JsonWriter writer, string name, IReadOnlyList<CacheManifestLink> links)
    {
        writer.WriteStartArray(name);
        foreach (var link in links)
        {
            writer.WriteStartObject();
            writer.WriteString("declaringType", link.DeclaringType);
            writer.WriteString("method", link.Method);
            writer.WriteString("via", LinkKindName(link.Kind));
            writer.WriteString("template", link.Template);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // Spelled out rather than Enum.ToString(), which is slower and would follow a rename silently.
    private static string KindName(CacheManifestEntryKind kind) => kind switch
    {
        CacheManifestEntryKind.Cached => "Cached",
        CacheManifestEntryKind.CachedBatch => "CachedBatch",
        CacheManifestEntryKind.WriteThrough => "WriteThrough",
        CacheManifestEntryKind.WriteBehind => "WriteBehind",
        CacheManifestEntryKind.Invalidates => "Invalidates",
        CacheManifestEntryKind.InvalidatesTag => "InvalidatesTag",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string LinkKindName(CacheManifestLinkKind kind) => kind switch
    {
        CacheManifestLinkKind.Key => "key",
        CacheManifestLinkKind.Write => "write",
        CacheManifestLinkKind.Tag => "tag",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
