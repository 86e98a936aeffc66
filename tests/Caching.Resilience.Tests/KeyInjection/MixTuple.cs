using System;
using System.Threading.Tasks;
using CsCheck;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>The arguments of <see cref="KiUserRepository.GetMixAsync"/>, drawn from small domains so that near-equal tuples are common.</summary>
internal sealed record MixTuple(string Text, long Number, Guid Id, DateTimeOffset At, char Letter, bool? Flag, KiKind Kind)
{
    private static readonly DateTimeOffset Instant = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static readonly Gen<MixTuple> Gen = CsCheck.Gen.Select(
        HostileValues.Text,
        CsCheck.Gen.OneOf(0L, 1L, -1L, 10L, long.MinValue, long.MaxValue),
        CsCheck.Gen.OneOf(Guid.Empty, new Guid("00000000-0000-0000-0000-000000000001"), new Guid("10000000-0000-0000-0000-000000000000")),
        CsCheck.Gen.OneOf(Instant, Instant.AddTicks(1), Instant.ToOffset(TimeSpan.FromHours(2)), DateTimeOffset.MinValue, DateTimeOffset.MaxValue),
        HostileValues.Char,
        CsCheck.Gen.OneOf<bool?>(true, false, null),
        CsCheck.Gen.OneOf(KiKind.Low, KiKind.None, KiKind.High, (KiKind)1),
        (text, number, id, at, letter, flag, kind) => new MixTuple(text, number, id, at, letter, flag, kind));

    /// <summary>
    /// Equal when every argument is, with <see cref="DateTimeOffset"/> compared exactly: .NET calls one instant at two
    /// offsets equal, but the key writes the offset (ISO 8601), so those are two tuples with two keys, not one.
    /// </summary>
    public bool Equals(MixTuple? other)
        => other is not null && Text == other.Text && Number == other.Number && Id == other.Id && At.EqualsExact(other.At)
            && Letter == other.Letter && Flag == other.Flag && Kind == other.Kind;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Text, Number, Id, At, At.Offset, Letter, Flag, Kind);

    public Task TryGetAsync(KiUserRepository repository) => repository.TryGetMixAsync(Text, Number, Id, At, Letter, Flag, Kind).AsTask();

    public override string ToString()
        => $"({HostileValues.Show(Text)}, {Number}, {Id}, {At:O}, \\u{(int)Letter:X4}, {Flag?.ToString() ?? "null"}, {(int)Kind})";
}
