using System.Globalization;
using Bunit;
using Majster.Admin;
using Majster.Admin.Ui;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Majster.Tests.Support;

/// <summary>
/// The shared bUnit context for MudBlazor components: loose JS interop, MudBlazor services with transitions off and
/// the popover-provider check off, the UI's localizers (MudBlazor's own words included), and a pinned clock.
/// </summary>
public class MudTestContext : BunitContext
{
    public MudTestContext(string culture = "en")
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddMajsterLocalization();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(new Majster.Core.Scheduling.SendingHours(new Majster.Core.Scheduling.SendingWindowOptions()));
    }

    /// <summary>Winter in Warsaw: 2026-01-12 09:00 UTC (10:00 local).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero));

    public static TimeZoneInfo Warsaw => TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
}
