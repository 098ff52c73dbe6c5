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

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudDialogProvider> provider, string label) =>
        provider.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label).QuerySelector("input")!;
}
