using Bunit;
using Majster.Admin;
using Majster.Admin.Components.Pages.OfferSends;
using Majster.Admin.Components.Shared;
using Majster.Admin.Ui;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Majster.Tests.Components;

/// <summary>A send's state in the words people recognise: chips, the timeline, dialog titles, ambiguous local times.</summary>
[Trait("Category", "Unit")]
public sealed class SendStatusTextTests
{
    [Theory]
    [InlineData("en", "Retrying 2/3")]
    [InlineData("pl", "Ponawianie 2/3")]
    public async Task StatusChip_SaysRetrying_ForAScheduledSendWithRetries(string culture, string expected)
    {
        await using var context = new MudTestContext(culture);

        var chip = context.Render<StatusChip>(p => p.Add(x => x.Status, OfferSendStatus.Scheduled).Add(x => x.RetryCount, 2).Add(x => x.MaxRetries, 3));

        Assert.Equal(expected, chip.Find(".mud-chip").TextContent.Trim());
    }

    [Theory]
    [InlineData("en", "Cancelled")]
    [InlineData("pl", "Anulowana")]
    public async Task StatusChip_SaysCancelled_ForAPendingSendLastCancelled(string culture, string expected)
    {
        await using var context = new MudTestContext(culture);

        var chip = context.Render<StatusChip>(p => p.Add(x => x.Status, OfferSendStatus.Pending).Add(x => x.Cancelled, true));

        Assert.Equal(expected, chip.Find(".mud-chip").TextContent.Trim());
    }

    [Fact]
    public async Task StatusChip_SaysTheStatus_WithoutRetries()
    {
        await using var context = new MudTestContext();

        var chip = context.Render<StatusChip>(p => p.Add(x => x.Status, OfferSendStatus.Scheduled).Add(x => x.RetryCount, 0).Add(x => x.MaxRetries, 3));

        Assert.Equal("Scheduled", chip.Find(".mud-chip").TextContent.Trim());
    }

    [Fact]
    public async Task Timeline_SaysWhichAttemptFailed_WhyAndWhenTheRetryIs()
    {
        await using var context = new MudTestContext(UiCulture.English);
        // The timeline reads people's names by their account ids; "person" is none, so it never connects.
        context.Services.AddDbContextFactory<Majster.Core.Data.MajsterDbContext>(o => o.UseNpgsql("Host=unused.invalid"));
        var at = new DateTimeOffset(2026, 1, 12, 9, 40, 0, TimeSpan.Zero);
        OfferSendEvent[] events =
        [
            Event(OfferSendActions.Schedule, "person", null, OfferSendStatus.Scheduled, at, null),
            Event(RetryPolicy.RetryScheduled, OfferSendEvent.SchedulerActor, OfferSendStatus.Scheduled, OfferSendStatus.Scheduled, at, "451 4.7.1 Try again later"),
            Event(RetryPolicy.Sent, OfferSendEvent.SchedulerActor, OfferSendStatus.Scheduled, OfferSendStatus.Sent, at.AddMinutes(5), null),
        ];

        var timeline = context.Render<StatusTimeline>(p => p.Add(x => x.Events, events).Add(x => x.Zone, MudTestContext.Warsaw));

        var text = string.Join(' ', timeline.Find(".mud-timeline").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Attempt 1 failed: Mail server asked to try later (SMTP 451), retry at 12/01/2026 10:42", text, StringComparison.Ordinal);
        Assert.Contains("Attempt 2 delivered", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Scheduled → Scheduled", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleTitle_SaysReschedule_WhenTheSendHasATime()
    {
        await using var context = new MudTestContext();
        var text = context.Services.GetRequiredService<IStringLocalizer<UiText>>();

        Assert.Equal("Reschedule the send", OfferSendCommands.ScheduleTitle([Send(context.Clock.GetUtcNow())], text));
        Assert.Equal("Schedule the send", OfferSendCommands.ScheduleTitle([Send(null)], text));
    }

    [Theory]
    [InlineData(0, "(UTC+02:00)")]
    [InlineData(1, "(UTC+01:00)")]
    public async Task InstantText_ShowsTheOffset_WhenTheLocalTimeHappensTwice(int hoursAfterFirst, string offset)
    {
        await using var context = new MudTestContext(UiCulture.English);
        var instant = new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero).AddHours(hoursAfterFirst);

        var cut = context.Render<InstantText>(p => p.Add(x => x.Value, instant).Add(x => x.Zone, MudTestContext.Warsaw));

        Assert.EndsWith("02:30 " + offset, cut.Find("span").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstantText_ShowsNoOffset_ForAnOrdinaryTime()
    {
        await using var context = new MudTestContext();

        var cut = context.Render<InstantText>(p => p.Add(x => x.Value, context.Clock.GetUtcNow()).Add(x => x.Zone, MudTestContext.Warsaw));

        Assert.DoesNotContain("UTC", cut.Find("span").TextContent, StringComparison.Ordinal);
    }

    private static OfferSendEvent Event(string action, string actor, OfferSendStatus? before, OfferSendStatus after, DateTimeOffset at, string? note) => new()
    {
        Action = action,
        Actor = actor,
        StatusBefore = before,
        StatusAfter = after,
        At = at,
        ScheduledForAfter = action == RetryPolicy.RetryScheduled ? at.AddMinutes(2) : null,
        Note = note,
        Failure = note is null ? null : FailureReason.Smtp(451),
    };

    private static OfferSend Send(DateTimeOffset? scheduledFor) => new()
    {
        ClientEmail = "client@example.com",
        Subject = "Offer",
        Status = scheduledFor is null ? OfferSendStatus.Pending : OfferSendStatus.Scheduled,
        ScheduledFor = scheduledFor,
    };
}
