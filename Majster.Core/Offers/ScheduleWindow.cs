namespace Majster.Core.Offers;

/// <summary>When a send may be scheduled: strictly after now and at most <c>Scheduler:MaxScheduleAhead</c> ahead.</summary>
public static class ScheduleWindow
{
    /// <summary>Null when <paramref name="scheduledFor"/> is allowed at <paramref name="now"/>, else the reason.</summary>
    public static string? Check(DateTimeOffset scheduledFor, DateTimeOffset now, TimeSpan maxAhead)
    {
        if (scheduledFor <= now)
        {
            return "scheduledFor must be in the future.";
        }

        return scheduledFor - now > maxAhead
            ? $"scheduledFor must be at most {maxAhead.TotalDays:0.##} days ahead."
            : null;
    }
}
