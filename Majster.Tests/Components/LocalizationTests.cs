using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Bunit;
using Majster.Admin;
using Majster.Admin.Components.Pages.Dashboard;
using Majster.Admin.Components.Shared;
using Majster.Admin.Ui;
using Majster.Core.Offers;
using Majster.Tests.Support;

namespace Majster.Tests.Components;

/// <summary>Every word the UI asks for exists in English and in Polish, and components render in both.</summary>
[Trait("Category", "Unit")]
public sealed partial class LocalizationTests
{
    private static readonly ResourceManager Resources = new("Majster.Admin.Resources.UiText", typeof(UiText).Assembly);

    [GeneratedRegex("""(?:L|text)\["([A-Za-z0-9_]+)"[\],]""")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@"\.Plural\(""([A-Za-z0-9_]+)""")]
    private static partial Regex PluralUse();

    public static TheoryData<string> Cultures => ["en", "pl"];

    [Theory]
    [MemberData(nameof(Cultures))]
    public void EveryKeyTheUiUses_HasAText(string culture)
    {
        var missing = UsedKeys().Where(key => string.IsNullOrEmpty(Resources.GetString(key, CultureInfo.GetCultureInfo(culture)))).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryRole_HasANameInEnglishAndInPolish()
    {
        var names = Majster.Core.Accounts.Roles.All.Select(role => (
            English: Resources.GetString("Role_" + role, CultureInfo.GetCultureInfo("en")),
            Polish: Resources.GetString("Role_" + role, CultureInfo.GetCultureInfo("pl")))).ToList();

        Assert.All(names, name => Assert.False(string.IsNullOrEmpty(name.English) || string.IsNullOrEmpty(name.Polish) || name.English == name.Polish));
    }

    [Fact]
    public void PolishTexts_AreTranslatedNotCopied()
    {
        var pl = CultureInfo.GetCultureInfo("pl");
        var same = UsedKeys()
            .Where(key => Resources.GetString(key, pl) == Resources.GetString(key, CultureInfo.InvariantCulture))
            .Except(["Email", "StatusColumn"])
            .ToList();

        Assert.Empty(same);
    }

    [Theory]
    [InlineData("en", "Failed", "Scheduled")]
    [InlineData("pl", "Nieudana", "Zaplanowana")]
    public async Task Components_RenderInTheChosenLanguage(string culture, string failed, string scheduled)
    {
        await using var context = new MudTestContext(culture);

        var chip = context.Render<StatusChip>(p => p.Add(x => x.Status, OfferSendStatus.Failed));
        var second = context.Render<StatusChip>(p => p.Add(x => x.Status, OfferSendStatus.Scheduled));
        var errors = context.Render<TopErrorsCard>(p => p.Add(x => x.Errors, []));

        Assert.Contains(failed, chip.Markup, StringComparison.Ordinal);
        Assert.Contains(scheduled, second.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("NoErrors", errors.Markup, StringComparison.Ordinal);
    }

    /// <summary>Keys written literally in the UI's sources (a plural text's one and other forms), plus those built from enum and action names.</summary>
    private static IEnumerable<string> UsedKeys()
    {
        var admin = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../Majster.Admin"));
        var sources = Directory.EnumerateFiles(admin, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var literal = sources.SelectMany(source => KeyUse().Matches(source).Select(m => m.Groups[1].Value))
            .Concat(sources.SelectMany(source => PluralUse().Matches(source).SelectMany(m => new[] { "_one", "_other" }.Select(form => m.Groups[1].Value + form))));
        var built = Enum.GetValues<OfferSendStatus>().Select(s => "Status_" + s.ToText())
            .Concat(Enum.GetValues<AttemptOutcome>().Select(o => "Attempt_" + o.ToText()))
            .Concat(new[] { "create", "schedule", "reschedule", "cancel", "send_now", "retry", "sent", "retry_scheduled", "failed" }.Select(a => "Action_" + a))
            .Concat(["ScheduleInPast", "ScheduleNeedsDateAndTime", "ScheduleTimeSkipped"])
            .Concat(UiErrors.IdentityCodes.Select(code => "Identity_" + code))
            .Concat(UiErrors.OutcomeKinds.Select(kind => "Outcome_" + kind))
            .Concat(Enum.GetValues<FailureKind>().Select(kind => "Failure_" + kind))
            .Concat(RuleText.All.Select(rule => "Rule_" + rule.Key));
        return literal.Concat(built).Distinct();
    }
}
