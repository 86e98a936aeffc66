using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace CompressionBenchmarks;

/// <summary>An order as a shop's API would cache it: repeated field names, enum-like strings, dates, free text.</summary>
public sealed record Order(
    int Id, string CustomerName, string Email, string Status, DateTimeOffset CreatedAt, decimal Total, string Notes, IReadOnlyList<OrderLine> Lines);

/// <summary>One line of an <see cref="Order"/>.</summary>
public sealed record OrderLine(string Sku, string Description, int Quantity, decimal UnitPrice);

[JsonSerializable(typeof(List<Order>))]
internal sealed partial class PayloadJson : JsonSerializerContext
{
}

/// <summary>Deterministic lists of orders whose JSON is about 1 KB, 10 KB or 100 KB.</summary>
internal static class Payloads
{
    private static readonly string[] Words =
    [
        "please", "deliver", "before", "noon", "leave", "at", "the", "door", "gift", "wrap", "fragile", "handle", "with", "care",
        "call", "on", "arrival", "second", "floor", "back", "entrance", "no", "invoice", "in", "parcel", "weekend", "delivery",
        "preferred", "contact", "reception", "customer", "requested", "express", "shipping", "order", "replacement", "for",
    ];

    private static readonly string[] FirstNames = ["Anna", "Bruno", "Chloé", "Dmitri", "Eva", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Keiko", "Liam"];
    private static readonly string[] LastNames = ["Müller", "Rossi", "Dubois", "Ivanov", "Nowak", "Silva", "Tanaka", "Haddad", "García", "Olsen"];
    private static readonly string[] Statuses = ["Pending", "Paid", "Shipped", "Delivered", "Cancelled"];
    private static readonly string[] Products = ["Espresso beans 1kg", "Ceramic mug, blue", "Milk frother", "Paper filters (100)", "Grinder, burr", "Kettle, gooseneck"];

    /// <summary>The smallest list of orders whose JSON is at least <paramref name="targetBytes"/>.</summary>
    public static List<Order> Orders(int targetBytes)
    {
        var random = new Random(42);
        var orders = new List<Order>();
        while (System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(orders, PayloadJson.Default.ListOrder).Length < targetBytes)
        {
            orders.Add(Order(random, orders.Count + 1000));
        }

        return orders;
    }

    private static Order Order(Random random, int id)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var lines = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var product = random.Next(Products.Length);
            return new OrderLine($"SKU-{product:D4}-{random.Next(100):D2}", Products[product], random.Next(1, 5), Math.Round((decimal)(random.NextDouble() * 80 + 2), 2));
        }).ToList();
        var notes = string.Join(' ', Enumerable.Range(0, random.Next(3, 15)).Select(_ => Words[random.Next(Words.Length)]));
        return new Order(
            id, first + " " + last, $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{random.Next(100)}@example.com", Statuses[random.Next(Statuses.Length)],
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(500_000)), lines.Sum(l => l.Quantity * l.UnitPrice), notes, lines);
    }
}
