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

/// <summary>The new-offer form validates as the person types, with the rules the API applies.</summary>
public sealed class CreateOfferDialogTests : MudTestContext
{
    public CreateOfferDialogTests()
    {
        // Validation never reaches the database; the services only need to exist.
        Services.AddDbContextFactory<MajsterDbContext>(options => MajsterCoreExtensions.ConfigureDbContext(options, "Host=127.0.0.1;Port=1;Database=none"));
        Services.AddSingleton<OfferService>();
        Services.AddScoped<CurrentUser>();
        AddAuthorization().SetAuthorized("staff@tests.local");
    }

    [Theory]
    [InlineData("Client e-mail", "not-an-address", "clientEmail")]
    [InlineData("Title", "Line one\r\nBcc: victim@example.com", "title")]
    [InlineData("Currency", "ZŁ", "currency")]
    public async Task Typing_ShowsTheRulesMessage_AndKeepsCreateDisabled(string field, string typed, string messageNames)
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CreateOfferDialog>("New offer"));

        Input(provider, field).Input(typed);
        Input(provider, field).Blur();

        provider.WaitForAssertion(() => Assert.Contains(messageNames, provider.Find(".mud-input-helper-text.mud-input-error, .mud-input-error").TextContent, StringComparison.Ordinal));
        Assert.True(provider.FindAll("button").Single(b => b.TextContent.Trim() == "Create").HasAttribute("disabled"));
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
