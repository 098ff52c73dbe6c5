using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using Majster.Admin.Components.Dialogs;
using Majster.Admin.Components.Pages.OfferSends;
using Majster.Admin.Ui;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Majster.Tests.Components;

/// <summary>Polish pages speak Polish: MudBlazor's own words through the app's resources, counts in Polish plural forms.</summary>
[Trait("Category", "Unit")]
public sealed class PolishUiTests : MudTestContext
{
    /// <summary>English words MudBlazor and the app show; none may appear, as text or as a name, on a Polish page.</summary>
    private static readonly string[] English =
    [
        "Rows per page", "of", "First page", "Previous page", "Next page", "Last page", "Open", "Close", "Required",
        "Loading", "Select all rows", "Select row", "Sort", "Cancel", "Schedule", "Reschedule", "Send now", "Retry",
        "Previous month", "Next month", "Timeline", "Attempts", "selected", "Date", "Time",
        "is required", "must be", "must not", "is not a valid", "characters", "days ahead",
    ];

    public PolishUiTests()
        : base(UiCulture.Polish)
    {
    }

    [Fact]
    public void DataGridPager_SpeaksPolish()
    {
        var grid = Render<MudDataGrid<int>>(p => p
            .Add(x => x.Items, Enumerable.Range(1, 40))
            .Add(x => x.RowsPerPage, 20)
            .Add(x => x.MultiSelection, true)
            .Add(x => x.Columns, b =>
            {
                b.OpenComponent<PropertyColumn<int, int>>(0);
                b.AddAttribute(1, nameof(PropertyColumn<int, int>.Property), (System.Linq.Expressions.Expression<Func<int, int>>)(x => x));
                b.CloseComponent();
            })
            .Add(x => x.PagerContent, b =>
            {
                b.OpenComponent<MudDataGridPager<int>>(0);
                b.CloseComponent();
            }));

        Assert.Equal(["Wierszy na stronę:", "1–20 z 40"], grid.FindAll(".mud-table-pagination-caption").Select(c => c.TextContent.Trim()));
        AssertNoEnglish(grid.Find(".mud-table-pagination"));
    }

    [Fact]
    public async Task ScheduleDialog_SpeaksPolish_WithItsDateAndTimePickersOpen()
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ScheduleDialog>(
            "x", new DialogParameters<ScheduleDialog> { { d => d.Zone, Warsaw }, { d => d.Title, "Zaplanuj wysyłkę" } }));

        foreach (var button in provider.FindAll(".mud-picker button, .mud-input-adornment button"))
        {
            button.Click();
        }

        AssertNoEnglish(provider.Find(".mud-dialog-container"));
    }

    [Fact]
    public void BulkBarAndRowActions_SpeakPolish()
    {
        OfferSend[] selected = [new() { ClientEmail = "a@b.pl", Subject = "S" }, new() { ClientEmail = "c@d.pl", Subject = "T", Status = OfferSendStatus.Sent }];
        var bar = Render<OfferSendBulkBar>(p => p.Add(x => x.Selected, selected));
        var actions = Render<OfferSendRowActions>(p => p.Add(x => x.Send, new OfferSend { ClientEmail = "a@b.pl", Subject = "S" }).Add(x => x.Compact, true));

        AssertNoEnglish(bar.Find("div"));
        AssertNoEnglish(actions.Find("div"));
    }

    [Theory]
    [InlineData(1, "Zaplanuj 1 wysyłkę")]
    [InlineData(3, "Zaplanuj 3 wysyłki")]
    [InlineData(5, "Zaplanuj 5 wysyłek")]
    [InlineData(12, "Zaplanuj 12 wysyłek")]
    [InlineData(22, "Zaplanuj 22 wysyłki")]
    public void ScheduleTitle_CountsInPolishPluralForms(int count, string expected)
    {
        var text = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Majster.Admin.UiText>>();
        var rows = Enumerable.Range(0, count).Select(_ => new OfferSend { ClientEmail = "a@b.pl", Subject = "S" }).ToList();

        Assert.Equal(count == 1 ? "Zaplanuj wysyłkę" : expected, OfferSendCommands.ScheduleTitle(rows, text));
        Assert.Equal(expected, text.Plural("ScheduleMany", count));
    }

    [Fact]
    public void Errors_SpeakPolish_ForIdentityCodesAndActionOutcomes()
    {
        var text = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Majster.Admin.UiText>>();
        var describer = new Microsoft.AspNetCore.Identity.IdentityErrorDescriber();

        Assert.Equal(
            "Hasło jest za krótkie: co najmniej 10 znaków. Hasło musi zawierać cyfrę.",
            text.Describe([describer.PasswordTooShort(10), describer.PasswordRequiresDigit()]));
        Assert.StartsWith("Teraz niemożliwe", text.Describe(Outcome<OfferSend>.Conflict("An offer send that is sent cannot be cancelled")), StringComparison.Ordinal);
        Assert.Equal("Pole „Tytuł” jest wymagane.", text.Describe(Outcome<OfferSend>.Invalid(RuleText.Required.For("title"))));
        Assert.Equal("Pole „Zaplanowano na” może wskazywać najwyżej 365 dni naprzód.",
            text.Describe(Outcome<OfferSend>.Invalid(ScheduleWindow.Check(Clock.GetUtcNow().AddDays(400), Clock.GetUtcNow(), TimeSpan.FromDays(365))!)));
        Assert.Equal("Something no rule says.", text.Describe(Outcome<OfferSend>.Invalid("Something no rule says.")));
    }

    [Fact]
    public void TheAppsIdentityErrors_SpeakPolish_ForEveryCodeTheUiMeets()
    {
        var text = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Majster.Admin.UiText>>();
        var describer = new Majster.Admin.Auth.LocalizedIdentityErrorDescriber(text);

        foreach (var code in UiErrors.IdentityCodes)
        {
            var method = typeof(Majster.Admin.Auth.LocalizedIdentityErrorDescriber).GetMethod(code, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly);
            Assert.True(method is not null, $"{code} keeps Identity's English.");
            var args = method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)10 : "x").ToArray();
            var error = (Microsoft.AspNetCore.Identity.IdentityError)method.Invoke(describer, args)!;

            Assert.Equal((code, text["Identity_" + code].Value), (error.Code, error.Description));
            Assert.DoesNotMatch(@"(?i)\b(password|user|account|again|valid|failure)\b", error.Description);
        }
    }

    [Fact]
    public void EveryRuleMessage_HasAPolishTextWithoutEnglish()
    {
        var text = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Majster.Admin.UiText>>();

        foreach (var rule in RuleText.All)
        {
            var polish = text.Rule(rule.For("clientEmail", 64));
            Assert.StartsWith("Pole „E-mail klienta”", polish, StringComparison.Ordinal);
            Assert.DoesNotContain(English, word => Regex.IsMatch(polish!, $@"\b{Regex.Escape(word)}\b"));
        }
    }

    /// <summary>Fails naming each English word found in the element's text or in its elements' accessible names.</summary>
    internal static void AssertNoEnglish(IElement root)
    {
        var names = root.QuerySelectorAll("*")
            .SelectMany(e => new[] { e.GetAttribute("aria-label"), e.GetAttribute("title"), e.GetAttribute("placeholder") })
            .OfType<string>();
        var shown = string.Join(" | ", names.Prepend(root.TextContent));
        var found = English.Where(word => Regex.IsMatch(shown, $@"\b{Regex.Escape(word)}\b")).ToList();

        Assert.True(found.Count == 0, $"English on a Polish page: {string.Join(", ", found)} in: {shown}");
    }
}
