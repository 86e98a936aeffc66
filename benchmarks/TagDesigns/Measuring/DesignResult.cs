using System;

namespace TagDesigns.Measuring;

/// <summary>Everything measured for one design at one number of tagged entries.</summary>
internal sealed record DesignResult(
    string Design,
    int Entries,
    string Bookkeeping,
    TimeSpan BulkFillTime,
    CommandCounts BulkFillCommands,
    long MemoryAfterFill,
    long BookkeepingKeyBytes,
    int Reads,
    double ReadMedianMicroseconds,
    double ReadMeanMicroseconds,
    double ReadP99Microseconds,
    CommandCounts ReadCommands,
    int Fills,
    double FillMedianMicroseconds,
    double FillMeanMicroseconds,
    CommandCounts FillCommands,
    Invalidation? Invalidation,
    long KeysWithoutTtl);

/// <summary>One invalidation of a tag carried by every entry, as the server saw it.</summary>
internal sealed record Invalidation(
    TimeSpan WallTime,
    CommandCounts Commands,
    TimeSpan LongestCommand,
    string LongestCommandText,
    long MemoryReleasedBytes,
    int HitsAfter,
    int Checked);
