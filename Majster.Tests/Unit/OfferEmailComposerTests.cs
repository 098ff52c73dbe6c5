using System.Runtime.CompilerServices;
using Majster.Core.Email;
using Majster.Tests.Support;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class OfferEmailComposerTests : IAsyncLifetime
{
    private readonly EngineHarness _engine = EngineHarness.Create("", new DateTimeOffset(2026, 1, 3, 10, 0, 0, TimeSpan.Zero));
    private OfferEmailComposer _composer = null!;

    public ValueTask InitializeAsync()
    {
        _composer = _engine.Composer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    [Fact]
    public async Task Compose_EncodesEveryUserString_WhenTheyCarryMarkup()
    {
        var email = Email(message: "<script>alert(1)</script>", title: "<b>Dach</b> & rynny", name: "Jan <img src=x>");

        var message = await _composer.ComposeAsync(email);

        Assert.DoesNotContain("<script>", message.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", message.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Dach", message.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", message.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", message.TextBody!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl", "12\u00a0345,50 PLN", "Dzień dobry")]
    [InlineData("en", "12,345.50 PLN", "Dear Jan Kowalski")]
    public async Task Compose_WritesInTheOffersLanguage_WithTheAmountInItsCurrency(string language, string amount, string greeting)
    {
        var message = await _composer.ComposeAsync(Email(language: language));

        // Polish groups digits with a no-break space, which the HTML part writes as an entity.
        Assert.Contains(amount, System.Net.WebUtility.HtmlDecode(message.HtmlBody), StringComparison.Ordinal);
        Assert.Contains(amount, message.TextBody!, StringComparison.Ordinal);
        Assert.Contains(greeting, message.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains(greeting, message.TextBody!, StringComparison.Ordinal);
        Assert.Contains("Remont dachu", message.TextBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_LeavesOutAPdfLinkThatIsNotHttp()
    {
        var safe = await _composer.ComposeAsync(Email(pdfUrl: "https://files.example.com/offer.pdf"));
        var hostile = await _composer.ComposeAsync(Email(pdfUrl: "javascript:alert(1)"));

        Assert.Contains("https://files.example.com/offer.pdf", safe.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", hostile.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", hostile.TextBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_GivesEveryAttemptTheSameMessageId()
    {
        var email = Email();

        var first = await _composer.ComposeAsync(email);
        var second = await _composer.ComposeAsync(email);

        Assert.Equal($"offer-send.{email.OfferSendId}@majster.local", first.MessageId);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 10, 0, 0, TimeSpan.Zero), first.Date);
    }

    public static TheoryData<string, string?, string, string?, string?> Strings => new()
    {
        { "pl", "Zapraszamy", "Remont dachu", "Jan Kowalski", null },
        { "en", null, "Roof", null, "https://files.example.com/offer.pdf?a=1&b=\"2\"" },
        { "pl", "<script>alert('x')</script>\r\nDruga linia & \"cudzysłów\"", "<b>Dach</b> & rynny", "Jan <img src=x>", "https://x.example/ł ó?q=<a>" },
        { "fr", "   ", "Żółć 😀 \u0007 \u00a0", "  ", "javascript:alert(1)" },
        { "pl\" onload=\"x", "MajsterTemplateField2X", "MajsterTemplateField11X", "MajsterTemplateField0X", "http://example.com/MajsterTemplateField9X" },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public async Task Compose_WritesTheHtmlTheTemplateRenders_ForEveryShapeAndAnyStrings(
        string language, string? message, string title, string? name, string? pdfUrl)
    {
        var email = Email(language: language, message: message, title: title, name: name, pdfUrl: pdfUrl);

        var composed = await _composer.ComposeAsync(email);

        Assert.Equal(await _composer.RenderAsync(OfferEmailContent.For(email, "Majster")), composed.HtmlBody);
    }

    [Fact]
    public async Task Compose_KeepsNoReferenceToTheMessage_OnceTheCallerDropsIt()
    {
        var composed = await ComposeAndForgetAsync();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(composed.IsAlive, "The composer still references a message it composed (the app would grow with every send).");
        GC.KeepAlive(_composer);
    }

    [Fact]
    public async Task Fill_OfAFrameUsedBefore_WritesWhatAFreshComposeWrites_WithNothingOfTheMessageBefore()
    {
        var frame = _composer.NewFrame();
        var before = Email(message: new string('x', 2000) + " <b>&</b> żółć", title: "Stary tytuł", name: "Anna Nowak",
            pdfUrl: "https://files.example.com/old.pdf", replyName: "Piotr Stary", replyAddress: "piotr@stary.example")
            with { ClientEmail = "anna@example.com", Subject = "Poprzednia oferta" };
        var sentBefore = await _composer.FillAsync(frame, before);
        // Sending prepares the parts for the server (a 7-bit one here, which makes MimeKit encode them).
        sentBefore.Prepare(MimeKit.EncodingConstraint.SevenBit);
        var next = Email(message: null, title: "Nowy dach", name: null, language: "en", replyName: null, replyAddress: null);

        var refilled = Serialize(await _composer.FillAsync(frame, next));
        var fresh = Serialize(await _composer.ComposeAsync(next));

        Assert.Equal(WithoutBoundaryAndDate(fresh), WithoutBoundaryAndDate(refilled));
        foreach (var leftover in (string[])["Stary", "Anna", "anna@example.com", "Poprzednia", "old.pdf", "xxxx", "quoted-printable", "base64", "Reply-To", "Piotr"])
        {
            Assert.DoesNotContain(leftover, refilled, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Fill_GivesEveryMessageOfAFrameABoundaryOfItsOwn()
    {
        var frame = _composer.NewFrame();
        var boundaries = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var message = await _composer.FillAsync(frame, Email());
            boundaries.Add(Assert.IsType<MimeKit.MultipartAlternative>(message.Body).Boundary ?? "");
        }

        Assert.Equal(40, boundaries.Count);
        Assert.All(boundaries, b => Assert.Matches("^=-[A-Za-z0-9+/]{22}==$", b));
    }

    [Fact]
    public async Task Compose_RepliesToThePersonTheSendBelongsTo_FromTheConfiguredSender()
    {
        var message = await _composer.ComposeAsync(Email(replyName: "Anna Nowak", replyAddress: "anna.nowak@firma.example"));

        var replyTo = Assert.Single(message.ReplyTo.Mailboxes);
        Assert.Equal(("Anna Nowak", "anna.nowak@firma.example"), (replyTo.Name, replyTo.Address));
        Assert.Equal("offers@majster.local", Assert.Single(message.From.Mailboxes).Address);
    }

    [Fact]
    public async Task Compose_RepliesToSmtpReplyTo_WhenTheSendHasNoPersonsAddress()
    {
        await using var configured = EngineHarness.Create("", DateTimeOffset.UnixEpoch, smtp: new SmtpOptions { ReplyTo = "Biuro Majster <biuro@majster.example>" });

        var fallback = await configured.Composer().ComposeAsync(Email(replyName: "Anna Nowak", replyAddress: null));
        var none = await _composer.ComposeAsync(Email(replyName: null, replyAddress: null));

        var replyTo = Assert.Single(fallback.ReplyTo.Mailboxes);
        Assert.Equal(("Biuro Majster", "biuro@majster.example"), (replyTo.Name, replyTo.Address));
        Assert.False(none.Headers.Contains(MimeKit.HeaderId.ReplyTo));
    }

    public static TheoryData<string> TypedTexts =>
    [
        "=?utf-8?b?SGk=?=",
        "Oferta =?iso-8859-2?q?=A3=F3d=BC?= na dach",
        "=?utf-8?q?Jan?= \"Kowalski\" <jan@evil.example>, =?",
        "Żółć 😀 =?" + new string('ą', 40) + "?= i koniec",
        "Zwykły temat bez niespodzianek",
    ];

    [Theory]
    [MemberData(nameof(TypedTexts))]
    public async Task Compose_SubjectAndNames_ReadExactlyAsTyped_WhenParsedBack(string typed)
    {
        var email = Email(name: typed, replyName: typed) with { Subject = typed };

        using var serialized = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Serialize(await _composer.ComposeAsync(email))));
        var parsed = await MimeKit.MimeMessage.LoadAsync(serialized, TestContext.Current.CancellationToken);

        Assert.Equal(typed, parsed.Subject);
        Assert.Equal(typed, Assert.Single(parsed.To.Mailboxes).Name);
        Assert.Equal(typed, Assert.Single(parsed.ReplyTo.Mailboxes).Name);
    }

    private static string Serialize(MimeKit.MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(MimeKit.FormatOptions.Default, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string WithoutBoundaryAndDate(string serialized)
    {
        var lines = serialized.Split('\n').Where(l => !l.StartsWith("Date:", StringComparison.Ordinal));
        var boundary = System.Text.RegularExpressions.Regex.Match(serialized, "boundary=\"([^\"]+)\"").Groups[1].Value;
        return string.Join('\n', lines).Replace(boundary, "BOUNDARY", StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<WeakReference> ComposeAndForgetAsync() => new(await _composer.ComposeAsync(Email()));

    private static OfferEmail Email(
        string language = "pl", string? message = "Zapraszamy", string title = "Remont dachu", string? name = "Jan Kowalski", string? pdfUrl = null,
        string? replyName = "Anna Nowak", string? replyAddress = "anna.nowak@firma.example") =>
        new(Guid.NewGuid(), "jan@example.com", name, "Oferta", message, pdfUrl, title, 12345.50m, "PLN", language, replyName, replyAddress);
}
