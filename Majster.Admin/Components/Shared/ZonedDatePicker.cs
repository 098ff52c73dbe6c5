using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Majster.Admin.Components.Shared;

/// <summary>
/// A date picker whose calendar marks today as it is in <see cref="Zone"/> (the person's), not on the server's clock:
/// after midnight in Warsaw, the new day is today there while the server's day is still yesterday.
/// </summary>
public sealed class ZonedDatePicker : MudDatePicker
{
    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    protected override void OnParametersSet()
    {
        if (TimeProvider is not ZonedClock zoned || zoned.LocalTimeZone != Zone)
        {
            TimeProvider = new ZonedClock(TimeProvider is ZonedClock previous ? previous.Inner : TimeProvider, Zone);
        }

        base.OnParametersSet();
    }

    /// <summary>The app's clock, read in another zone: the same instants, another local time.</summary>
    private sealed class ZonedClock(TimeProvider inner, TimeZoneInfo zone) : TimeProvider
    {
        public TimeProvider Inner => inner;

        public override TimeZoneInfo LocalTimeZone => zone;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }
}
