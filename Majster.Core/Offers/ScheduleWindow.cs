namespace Majster.Core.Offers;

/// <summary>When a send may be scheduled: strictly after now and at most <c>Scheduler:MaxScheduleAhead</c> ahead.</summary>
public static class ScheduleWindow
{
    /// <summary>Null when <paramref name="scheduledFor"/> is allowed at <paramref name="now"/>, else the reason.</summary>
    public static RuleBreach? Check(DateTimeOffset scheduledFor, DateTimeOffset now, TimeSpan maxAhead)
    {
        if (scheduledFor <= now)
        {
            return RuleText.NotInFuture.For("scheduledFor");
        }

        return scheduledFor - now > maxAhead
            ? RuleText.TooFarAhead.For("scheduledFor", maxAhead.TotalDays.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }
}
