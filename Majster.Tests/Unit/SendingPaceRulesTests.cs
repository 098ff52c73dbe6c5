using Majster.Core.Email;
using Majster.Core.Scheduling;

namespace Majster.Tests.Unit;

/// <summary>The pace's pure rules: which answers throttle, the rolling slots, the sending hours across DST and holidays.</summary>
[Trait("Category", "Unit")]
public sealed class SendingPaceRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(421, "4.7.0 Try again later, closing connection", true)]
    [InlineData(451, "4.7.500 Server busy. Please try again later.", true)]
    [InlineData(452, "Too many messages sent in this session", true)]
    [InlineData(450, "4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages", true)]
    [InlineData(554, "5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException", true)]
    [InlineData(451, "4.3.0 Temporary local problem", false)]
    [InlineData(450, "4.2.0 Mailbox busy", false)]
    [InlineData(554, "5.7.1 Relay access denied", false)]
    [InlineData(550, "5.1.1 Too many recipients? No: user unknown", false)]
    public void IsThrottle_NamesTheAnswersThatMeanSlowDown(int code, string reply, bool throttle) =>
        Assert.Equal(throttle, SmtpFailureClassifier.IsThrottle(code, reply));

    [Fact]
    public void Slots_KeepEveryRollingLimit_CountingTheLedger()
    {
        var pace = new SendPace([new RollingLimit(2, TimeSpan.FromMinutes(1)), new RollingLimit(3, TimeSpan.FromHours(1))], Hours(new()));

        var slots = pace.Slots([Start.AddSeconds(-30)], Start).Take(4).ToList();

        // One sent 30 s ago: one more now, the next when it leaves the minute; the hour's third is the last for an hour.
        Assert.Equal([Start, Start.AddSeconds(30), Start.AddSeconds(-30).AddHours(1), Start.AddHours(1)], slots);
    }

    [Fact]
    public void Allowance_IsWhatFallsNow_AndWhenTheNextMayGo()
    {
        var pace = new SendPace([new RollingLimit(3, TimeSpan.FromMinutes(1))], Hours(new()));

        Assert.Equal((2, (DateTimeOffset?)Start.AddSeconds(50)), pace.Allowance([Start.AddSeconds(-10)], Start, 50));
        Assert.Equal((1, (DateTimeOffset?)null), pace.Allowance([], Start, 1));
    }

    [Theory]
    // Friday 27 March 2026 16:59 CET is open; 17:00 is not, and the next opening is Monday after the clocks went forward.
    [InlineData("2026-03-27T15:59:00Z", "2026-03-27T15:59:00Z")]
    [InlineData("2026-03-27T16:00:00Z", "2026-03-30T06:00:00Z")]
    // Sunday 25 October 2026 (the clocks go back): Monday 08:00 CET.
    [InlineData("2026-10-25T01:30:00Z", "2026-10-26T07:00:00Z")]
    // All Saints (Sunday 1 November), Independence Day (Wednesday 11 November), Christmas and Boxing Day, New Year.
    [InlineData("2026-11-11T06:00:00Z", "2026-11-12T07:00:00Z")]
    [InlineData("2026-12-24T16:30:00Z", "2026-12-28T07:00:00Z")]
    // Easter Monday 6 April 2026.
    [InlineData("2026-04-03T15:30:00Z", "2026-04-07T06:00:00Z")]
    public void NextOpening_FollowsTheWallClockAndSkipsHolidays(string instant, string opening)
    {
        var hours = Hours(new SendingWindowOptions { Days = "Mon,Tue,Wed,Thu,Fri", From = new TimeOnly(8, 0), To = new TimeOnly(17, 0), Holidays = "PL" });

        Assert.Equal(DateTimeOffset.Parse(opening, System.Globalization.CultureInfo.InvariantCulture),
            hours.NextOpening(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void NextOpening_InASpringForwardGap_IsTheJump()
    {
        var hours = Hours(new SendingWindowOptions { From = new TimeOnly(2, 30), To = new TimeOnly(4, 0) });

        // 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00Z); 02:30 never happens.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), hours.NextOpening(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Validation_NamesAWrongDayZoneOrHoliday()
    {
        var options = new SendingOptions { Window = new SendingWindowOptions { Days = "Mon,Funday", TimeZone = "Mars/Olympus", Holidays = "XX,2026-13-01" } };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.Contains("Days", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("Mars/Olympus", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("'XX'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("'2026-13-01'", StringComparison.Ordinal));
    }

    private static SendingHours Hours(SendingWindowOptions options) => new(options);
}
