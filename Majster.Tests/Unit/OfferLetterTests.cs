using Majster.Core.Email;
using Majster.Tests.Support;

namespace Majster.Tests.Unit;

/// <summary>The offer e-mail reads as one letter: one greeting, the person's words, the offer, one signed sign-off.</summary>
[Trait("Category", "Unit")]
public sealed class OfferLetterTests : IAsyncLifetime
{
    private const string Pdf = "https://files.example.com/oferta.pdf";
    private readonly EngineHarness _engine = EngineHarness.Create("", new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private OfferEmailComposer _composer = null!;

    public ValueTask InitializeAsync()
    {
        _composer = _engine.Composer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    [Fact]
    public async Task Compose_WrapsAPlainMessage_InTheTemplatesGreetingAndASignOffWithTheSendersNameAndCompany_InPolish()
    {
        var message = await _composer.ComposeAsync(Email("pl", "Zgodnie z rozmową przesyłam wycenę remontu dachu.\nTermin realizacji: marzec."));

        Assert.Equal(
            """
            Dzień dobry,

            Zgodnie z rozmową przesyłam wycenę remontu dachu.
            Termin realizacji: marzec.

            Oferta: Remont dachu
            Kwota: 12 345,50 PLN
            Oferta do pobrania (PDF): https://files.example.com/oferta.pdf

            Z poważaniem
            Anna Nowak
            Majster

            """.Replace("12 345", "12\u00a0345", StringComparison.Ordinal),
            message.TextBody);
    }

    [Fact]
    public async Task Compose_AddsNoGreetingOrSignOff_WhenThePolishMessageBringsItsOwn()
    {
        var message = await _composer.ComposeAsync(Email("pl",
            "Dzień dobry,\n\nw załączeniu oferta na remont łazienki.\n\nPozdrawiam,\nJan Nowak\nZespół Majster"));

        Assert.Equal(
            """
            Dzień dobry,

            w załączeniu oferta na remont łazienki.

            Oferta: Remont dachu
            Kwota: 12 345,50 PLN
            Oferta do pobrania (PDF): https://files.example.com/oferta.pdf

            Pozdrawiam,
            Jan Nowak
            Zespół Majster

            """.Replace("12 345", "12\u00a0345", StringComparison.Ordinal),
            message.TextBody);
        Assert.Equal(1, Occurrences(message.HtmlBody!, "Dzień dobry"));
        Assert.Equal(0, Occurrences(message.HtmlBody!, "Z poważaniem"));
        Assert.Equal(1, Occurrences(message.HtmlBody!, "Pozdrawiam"));
    }

    [Fact]
    public async Task Compose_GreetsTheClientByName_AndSignsWithTheSender_InEnglish()
    {
        var message = await _composer.ComposeAsync(Email("en", null, clientName: "John Smith"));

        Assert.Equal(
            """
            Dear John Smith,

            Please find below the offer I have prepared for you.

            Offer: Remont dachu
            Amount: 12,345.50 PLN
            Download the offer (PDF): https://files.example.com/oferta.pdf

            Kind regards,
            Anna Nowak
            Majster

            """,
            message.TextBody);
    }

    [Fact]
    public async Task Compose_KeepsTheEnglishMessagesOwnGreetingAndSignOff_AndAddsNone()
    {
        var message = await _composer.ComposeAsync(Email("en",
            "Dear Mr Smith,\r\n\r\nAs agreed on the phone, here is our quote for the roof.\r\n\r\nBest regards,\r\nAnna", clientName: "John Smith"));

        Assert.StartsWith("Dear Mr Smith,\n\nAs agreed on the phone, here is our quote for the roof.\n\nOffer: Remont dachu\n", message.TextBody!, StringComparison.Ordinal);
        Assert.EndsWith("\n\nBest regards,\nAnna\n", message.TextBody!, StringComparison.Ordinal);
        foreach (var part in new[] { message.TextBody!, message.HtmlBody! })
        {
            Assert.Equal(0, Occurrences(part, "Dear John Smith"));
            Assert.Equal(0, Occurrences(part, "Kind regards"));
            Assert.Equal(1, Occurrences(part, "Dear Mr Smith"));
        }
    }

    [Fact]
    public async Task Compose_WritesTheSameLetterInTheHtmlPart_WithThePdfLinkAsAnOffer()
    {
        var message = await _composer.ComposeAsync(Email("pl", "Witam,\nprzesyłam ofertę.\nZ poważaniem\nJan"));
        var html = System.Net.WebUtility.HtmlDecode(message.HtmlBody!);

        Assert.Contains("<p>Witam,</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Pdf}\">Oferta do pobrania (PDF)</a>", html, StringComparison.Ordinal);
        Assert.Contains(">Z poważaniem\nJan</p>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("przesyłam ofertę", StringComparison.Ordinal) < html.IndexOf("Remont dachu", StringComparison.Ordinal));
        Assert.Equal(1, Occurrences(html, "Z poważaniem"));
    }

    [Fact]
    public async Task Compose_SignsWithTheCompanyAlone_WhenTheSenderHasNoName()
    {
        var message = await _composer.ComposeAsync(Email("pl", null) with { ReplyName = null });

        Assert.EndsWith("\n\nZ poważaniem\nMajster\n", message.TextBody!, StringComparison.Ordinal);
        Assert.Contains("Przesyłam ofertę przygotowaną dla Państwa.", message.TextBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_SignsWithTheSendersOwnCompany_InPlaceOfTheSendersDisplayName()
    {
        var message = await _composer.ComposeAsync(Email("pl", null) with { SenderCompany = "Dachy Nowak Sp. z o.o." });

        Assert.EndsWith("\n\nZ poważaniem\nAnna Nowak\nDachy Nowak Sp. z o.o.\n", message.TextBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("Majster", message.TextBody!, StringComparison.Ordinal);
        Assert.Contains(">Z poważaniem\nAnna Nowak\nDachy Nowak Sp. z o.o.</p>", System.Net.WebUtility.HtmlDecode(message.HtmlBody!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl", "Dzień dobry,\nprzesyłam wycenę.\n\nPozdrawiam", "Pozdrawiam\nAnna Nowak\nDachy Nowak Sp. z o.o.", "Z poważaniem")]
    [InlineData("en", "Hello,\nhere is the quote.\n\nBest regards,", "Best regards,\nAnna Nowak\nDachy Nowak Sp. z o.o.", "Kind regards")]
    public async Task Compose_PutsTheSendersNameAndCompanyUnderTheMessagesOwnSignOff_WhenItHasNoName(
        string language, string text, string signed, string templatesClosing)
    {
        var message = await _composer.ComposeAsync(Email(language, text) with { SenderCompany = "Dachy Nowak Sp. z o.o." });
        var html = System.Net.WebUtility.HtmlDecode(message.HtmlBody!);

        Assert.EndsWith("\n\n" + signed + "\n", message.TextBody!, StringComparison.Ordinal);
        Assert.Contains(">" + signed + "</p>", html, StringComparison.Ordinal);
        Assert.Equal(0, Occurrences(message.TextBody!, templatesClosing) + Occurrences(html, templatesClosing));
        Assert.Equal(1, Occurrences(message.TextBody!, "Anna Nowak"));
    }

    [Fact]
    public async Task Compose_FallsBackToTheSendersDisplayName_UnderANamelessSignOff_WhenTheSenderNamesNoCompany()
    {
        var message = await _composer.ComposeAsync(Email("pl", "Przesyłam wycenę.\nPozdrawiam serdecznie") with { SenderCompany = " " });

        Assert.EndsWith("\n\nPozdrawiam serdecznie\nAnna Nowak\nMajster\n", message.TextBody!, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string, string?> Letters => new()
    {
        { "Dzień dobry Panie Janie,\nprzesyłam ofertę.", "Dzień dobry Panie Janie,", "przesyłam ofertę.", null },
        { "Szanowny Panie,\n\nOto oferta.\n\nZ wyrazami szacunku\nAnna Nowak\nMajster Sp. z o.o.\ntel. 600 100 200", "Szanowny Panie,", "Oto oferta.", "Z wyrazami szacunku\nAnna Nowak\nMajster Sp. z o.o.\ntel. 600 100 200" },
        { "Hi Tom,\nthe quote is attached.\nThanks,\nAnna", "Hi Tom,", "the quote is attached.", "Thanks,\nAnna" },
        { "Przesyłam ofertę. Pozdrawiam całą rodzinę i zapraszam ponownie do współpracy w kolejnym roku.", null, "Przesyłam ofertę. Pozdrawiam całą rodzinę i zapraszam ponownie do współpracy w kolejnym roku.", null },
        { "Highlights of the offer: a new roof.\nKind regards", null, "Highlights of the offer: a new roof.", "Kind regards" },
        { "Pozdrawiam serdecznie", null, "", "Pozdrawiam serdecznie" },
        { "Dzień dobry, w załączeniu oferta.", "Dzień dobry,", "w załączeniu oferta.", null },
        { "Hello! Here is the quote we discussed on Monday.\nCheers", "Hello!", "Here is the quote we discussed on Monday.", "Cheers" },
        { "Hi there, this is a long opening sentence that goes on well past sixty characters, so the rest stays.", "Hi there,", "this is a long opening sentence that goes on well past sixty characters, so the rest stays.", null },
    };

    [Theory]
    [MemberData(nameof(Letters))]
    public void Of_FindsTheMessagesOwnGreetingAndSignOff(string message, string? greeting, string body, string? signOff) =>
        Assert.Equal(new LetterParts(greeting, body, signOff), LetterParts.Of(message));

    private static int Occurrences(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static OfferEmail Email(string language, string? message, string? clientName = "Jan Kowalski") =>
        new(Guid.NewGuid(), "klient@example.com", clientName, "Oferta", message, Pdf, "Remont dachu", 12345.50m, "PLN", language,
            "Anna Nowak", "anna.nowak@firma.example");
}
