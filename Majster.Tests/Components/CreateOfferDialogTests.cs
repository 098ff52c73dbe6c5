using System.Globalization;
using Bunit;
using Majster.Admin.Components.Dialogs;
using Majster.Admin.Ui;
using Majster.Core;
using Majster.Core.Data;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Majster.Tests.Components;

/// <summary>The new-offer (and new-send) forms validate as the person types, with the rules the API applies, in the person's language.</summary>
[Trait("Category", "Unit")]
public sealed class CreateOfferDialogTests : MudTestContext
{
    public CreateOfferDialogTests()
    {
        // Validation never reaches the database; the services only need to exist.
        Services.AddDbContextFactory<MajsterDbContext>(options => MajsterCoreExtensions.ConfigureDbContext(options, "Host=127.0.0.1;Port=1;Database=none"));
        Services.AddSingleton<OfferService>();
        Services.AddSingleton<OfferSendService>();
        Services.AddSingleton<Majster.Core.Inbound.SuppressionList>();
        Services.AddSingleton<OfferSendQueries>();
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new Majster.Core.Scheduling.SchedulerOptions()));
        Services.AddScoped<CurrentUser>();
        AddAuthorization().SetAuthorized("staff@tests.local");
    }

    [Theory]
    [InlineData("Client e-mail", "not-an-address", "Client e-mail is not a valid e-mail address.")]
    [InlineData("Title", "Line one\r\nBcc: victim@example.com", "Title must not contain line breaks or control characters.")]
    [InlineData("Currency", "ZŁ", "Currency must be an ISO 4217 currency code such as PLN or EUR.")]
    public async Task Typing_ShowsTheRulesMessage_AndKeepsCreateDisabled(string field, string typed, string message)
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CreateOfferDialog>("New offer"));

        Input(provider, field).Input(typed);
        Input(provider, field).Blur();

        provider.WaitForAssertion(() => Assert.Contains(message, provider.Find(".mud-input-helper-text.mud-input-error, .mud-input-error").TextContent, StringComparison.Ordinal));
        Assert.True(provider.FindAll("button").Single(b => b.TextContent.Trim() == "Create").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("E-mail klienta", "nie-adres", "Pole „E-mail klienta” nie zawiera poprawnego adresu e-mail.")]
    [InlineData("Tytuł", "Wiersz\r\nBcc: ofiara@example.com", "Pole „Tytuł” nie może zawierać podziałów wierszy ani znaków sterujących.")]
    [InlineData("Waluta", "ZŁ", "Pole „Waluta” musi zawierać kod waluty ISO 4217, np. PLN lub EUR.")]
    [InlineData("Kwota", "1,005", "Pole „Kwota” musi zawierać nieujemną kwotę z najwyżej dwoma miejscami po przecinku.")]
    public async Task RulesMessages_SpeakPolish_OnAPolishPage(string field, string typed, string message)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(UiCulture.Polish);
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CreateOfferDialog>("Nowa oferta"));

        Input(provider, field).Input(typed);
        Input(provider, field).Blur();

        provider.WaitForAssertion(() => Assert.Equal(message, provider.Find(".mud-input-error .mud-input-helper-text, .mud-input-helper-text.mud-input-error").TextContent.Trim()));
        PolishUiTests.AssertNoEnglish(provider.Find(".mud-dialog-container"));
    }

    [Theory]
    [InlineData("E-mail klienta", "jan@[192.0.2.1]", "Pole „E-mail klienta” musi zawierać nazwę domeny, a nie adres w nawiasach, np. [192.0.2.1].")]
    [InlineData("Link do PDF", "ftp://example.com/oferta.pdf", "Pole „Link do PDF” musi zawierać pełny adres http lub https.")]
    public async Task NewSendDialog_RulesMessages_SpeakPolish(string field, string typed, string message)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(UiCulture.Polish);
        var offer = new Offer { Title = "Dach", ClientName = "Jan", ClientEmail = "jan@example.com", Currency = "PLN", Language = "pl" };
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CreateSendDialog>(
            "Nowa wysyłka", new DialogParameters<CreateSendDialog> { { d => d.Offer, offer } }));

        Input(provider, field).Input(typed);
        Input(provider, field).Blur();

        provider.WaitForAssertion(() => Assert.Equal(message, provider.Find(".mud-input-error .mud-input-helper-text, .mud-input-helper-text.mud-input-error").TextContent.Trim()));
        PolishUiTests.AssertNoEnglish(provider.Find(".mud-dialog-container"));
    }

    [Theory]
    [InlineData("en-GB", "Amount", "23450,75", "Write the amount like 23,450.75.")]
    [InlineData("pl-PL", "Kwota", "23,450.75", "Wpisz kwotę w postaci 23\u00a0450,75.")]
    public async Task Amount_SaysTheExpectedFormat_WhenItCannotReadIt(string culture, string label, string typed, string message)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CreateOfferDialog>("New offer"));

        Input(provider, label).Input(typed);
        Input(provider, label).Blur();

        provider.WaitForAssertion(() => Assert.Equal(message, provider.Find(".mud-input-error .mud-input-helper-text, .mud-input-helper-text.mud-input-error").TextContent.Trim()));
    }

    [Theory]
    [InlineData("en-GB", "Amount", "23,450.75")]
    [InlineData("pl-PL", "Kwota", "23 450,75")]
    public async Task Amount_AcceptsWhatTheCultureWrites(string culture, string label, string typed)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CreateOfferDialog>("New offer"));

        Input(provider, label).Input(typed);
        Input(provider, label).Blur();

        Assert.Empty(provider.FindAll(".mud-input-error"));
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudDialogProvider> provider, string label) =>
        provider.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label).QuerySelector("input")!;
}
