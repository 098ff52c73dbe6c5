namespace Majster.Core.Time;

/// <summary>What a wall-clock time in a time zone names: one instant, none (a spring-forward gap), or two (fall-back).</summary>
public abstract record LocalTimeResolution
{
    /// <summary>Exactly one instant.</summary>
    public sealed record Exact(DateTimeOffset Utc) : LocalTimeResolution;

    /// <summary>The clocks jumped over this time: it never happens that day.</summary>
    public sealed record Skipped(DateTime Local, TimeZoneInfo Zone) : LocalTimeResolution;

    /// <summary>The clocks went back: this time happens twice; <see cref="Earlier"/> and <see cref="Later"/> are the two instants.</summary>
    public sealed record Ambiguous(DateTimeOffset Earlier, DateTimeOffset Later) : LocalTimeResolution;
}

/// <summary>Turns what a person types (a date and time in their IANA zone) into a UTC instant, without guessing.</summary>
public static class LocalTimes
{
    public static LocalTimeResolution Resolve(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wallClock = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wallClock))
        {
            return new LocalTimeResolution.Skipped(wallClock, zone);
        }

        if (zone.IsAmbiguousTime(wallClock))
        {
            // Larger offset first: with the clocks going back, the larger offset is the earlier instant.
            var instants = zone.GetAmbiguousTimeOffsets(wallClock)
                .Select(offset => new DateTimeOffset(wallClock, offset).ToUniversalTime())
                .Order()
                .ToArray();
            return new LocalTimeResolution.Ambiguous(instants[0], instants[^1]);
        }

        return new LocalTimeResolution.Exact(new DateTimeOffset(wallClock, zone.GetUtcOffset(wallClock)).ToUniversalTime());
    }

    /// <summary>The zone for an IANA id, or UTC for an unknown one.</summary>
    public static TimeZoneInfo Zone(string? ianaId) =>
        ianaId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The wall-clock time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);
}
