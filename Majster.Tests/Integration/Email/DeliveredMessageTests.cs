using Majster.Core.Email;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Cryptography;

namespace Majster.Tests.Integration.Email;

/// <summary>
/// What a client's mail system receives, read from the delivered bytes: the DKIM signature (checked with MimeKit's
/// verifier against the TXT record the docs' openssl commands give), the Reply-To of the person the send belongs to,
/// and subjects and names exactly as typed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveredMessageTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private const string Sender = "Majster <offers@majster.test>";
    private const string Typed = "=?utf-8?b?SGk=?= Oferta \"dach\"";

    public static TheoryData<string> Algorithms => ["rsa", "ed25519"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Delivery_CarriesOneValidDkimSignatureAndTheOwnersReplyTo_OnEveryAttempt(string algorithm)
    {
        using var keys = await DkimKeys.CreateAsync(algorithm, Ct);
        var smtp = EngineHarness.SmtpTo(Smtp.Port);
        (smtp.From, smtp.Dkim) = (Sender, keys.Options);
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: smtp);
        var sends = await SendsOfAnOwnerAsync(2, replyName: "Anna Nowak", replyAddress: "anna.nowak@firma.example");
        var processor = engine.Processor();
        Smtp.Script(SmtpReply.WithCode(451, "Try again later"));

        await processor.RunTickAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await processor.RunTickAsync(Ct);

        // Three attempts over pooled connections, each filling its one message frame again: the refused one and two delivered.
        Assert.Equal(3, Smtp.Attempts);
        var delivered = await Smtp.WaitForAcceptedAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(sends.Select(s => s.Id.ToString()).Order(), delivered.Select(m => m.Headers[OfferEmailComposer.OfferSendIdHeader]).Order());
        foreach (var message in delivered)
        {
            Assert.True(await keys.VerifiesAsync(message, Ct));
            var signature = message.Headers[HeaderId.DkimSignature] ?? "";
            Assert.Contains($"a={(algorithm == "rsa" ? "rsa-sha256" : "ed25519-sha256")};", signature, StringComparison.Ordinal);
            Assert.Contains("c=relaxed/relaxed;", signature, StringComparison.Ordinal);
            var signed = SignedHeaders(signature);
            Assert.All(["from", "to", "subject", "date", "message-id", "reply-to", "mime-version", "content-type"], h => Assert.Contains(h, signed));
            // Signed at the attempt, on the injected clock: the first tick's or the retry's.
            Assert.Contains(long.Parse(Tag(signature, "t"), System.Globalization.CultureInfo.InvariantCulture),
                (long[])[Start.ToUnixTimeSeconds(), Start.AddMinutes(1).ToUnixTimeSeconds()]);
            Assert.Equal("offers@majster.test", Assert.Single(message.From.Mailboxes).Address);
            var replyTo = Assert.Single(message.ReplyTo.Mailboxes);
            Assert.Equal(("Anna Nowak", "anna.nowak@firma.example"), (replyTo.Name, replyTo.Address));
        }
    }

    public static TheoryData<string, string> SignedChanges => new()
    {
        { "Subject", "Oferta (zmieniona)" },
        { "Reply-To", "oszust@evil.example" },
        { "From", "offers@evil.example" },
        { "To", "ktos@inny.example" },
        { "Date", "Mon, 04 May 2026 10:00:00 +0000" },
        { "Message-ID", "<other@majster.test>" },
    };

    [Theory]
    [MemberData(nameof(SignedChanges))]
    public async Task DeliveredSignature_FailsToVerify_WhenASignedHeaderIsChanged(string header, string value)
    {
        using var keys = await DkimKeys.CreateAsync("rsa", Ct);
        var smtp = EngineHarness.SmtpTo(Smtp.Port);
        (smtp.From, smtp.Dkim) = (Sender, keys.Options);
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: smtp);
        await SendsOfAnOwnerAsync(1, replyName: null, replyAddress: null);
        await engine.Processor().RunTickAsync(Ct);
        var delivered = Assert.Single(await Smtp.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(10)));
        Assert.True(await keys.VerifiesAsync(delivered, Ct));

        delivered.Headers[header] = value;

        Assert.False(await keys.VerifiesAsync(delivered, Ct));
    }

    [Fact]
    public async Task Delivery_ShowsTheSubjectAndNamesExactlyAsTyped_WhenTheyLookLikeEncodedWords()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await SendsOfAnOwnerAsync(1, replyName: Typed, replyAddress: null)).Single();
        await using (var db = Database.CreateContext(DatabaseConnection))
        {
            await db.OfferSends.Where(s => s.Id == send.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Subject, Typed).SetProperty(x => x.ClientName, Typed), Ct);
        }

        await engine.Processor().RunTickAsync(Ct);

        var delivered = Assert.Single(await Smtp.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal(Typed, delivered.Subject);
        Assert.Equal(Typed, Assert.Single(delivered.To.Mailboxes).Name);
        var replyTo = Assert.Single(delivered.ReplyTo.Mailboxes);
        Assert.Equal(Typed, replyTo.Name);
        Assert.StartsWith("staff-", replyTo.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivery_SignsTheLetterWithTheOwnersNameAndCompany_ElseWithTheSendersDisplayName()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var withCompany = (await SendsOfAnOwnerAsync(1, replyName: "Anna Nowak", replyAddress: null, companyName: "Dachy Nowak Sp. z o.o.")).Single();
        var withoutCompany = (await SendsOfAnOwnerAsync(1, replyName: "Jan Wiśniewski", replyAddress: null)).Single();

        await engine.Processor().RunTickAsync(Ct);

        var delivered = await Smtp.WaitForAcceptedAsync(2, TimeSpan.FromSeconds(10));
        string Letter(Guid id) => delivered.Single(m => m.Headers[OfferEmailComposer.OfferSendIdHeader] == id.ToString()).TextBody!.ReplaceLineEndings("\n");
        Assert.EndsWith("\nAnna Nowak\nDachy Nowak Sp. z o.o.\n", Letter(withCompany.Id), StringComparison.Ordinal);
        Assert.EndsWith("\nJan Wiśniewski\nMajster\n", Letter(withoutCompany.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pickup_WritesTheSameReplyToAndAValidSignature_AsSmtp()
    {
        using var keys = await DkimKeys.CreateAsync("ed25519", Ct);
        var outbox = Path.Combine(keys.Directory, "outbox");
        var smtp = new SmtpOptions { From = Sender, Dkim = keys.Options, PickupDirectory = outbox };
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: smtp);
        var send = (await SendsOfAnOwnerAsync(1, replyName: "Anna Nowak", replyAddress: "anna.nowak@firma.example")).Single();

        await engine.Processor().RunTickAsync(Ct);

        var written = await MimeMessage.LoadAsync(Path.Combine(outbox, $"{send.Id:D}.eml"), Ct);
        Assert.True(await keys.VerifiesAsync(written, Ct));
        var replyTo = Assert.Single(written.ReplyTo.Mailboxes);
        Assert.Equal(("Anna Nowak", "anna.nowak@firma.example"), (replyTo.Name, replyTo.Address));
    }

    /// <summary>Sends due now of one new owner, who set the given reply name, address and company on the Account page.</summary>
    private async Task<IReadOnlyList<Core.Offers.OfferSend>> SendsOfAnOwnerAsync(int count, string? replyName, string? replyAddress, string? companyName = null)
    {
        var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, count, Ct);
        await using var db = Database.CreateContext(DatabaseConnection);
        var owner = await db.Users.SingleAsync(u => u.Id == sends[0].UserId, Ct);
        Assert.Null(owner.SetSender(replyName, replyAddress, companyName));
        await db.SaveChangesAsync(Ct);
        return sends;
    }

    private static string[] SignedHeaders(string signature) => [.. Tag(signature, "h").Split(':').Select(h => h.Trim().ToLowerInvariant())];

    /// <summary>The value of one tag of a DKIM-Signature header (<c>h=from:to:…</c>).</summary>
    private static string Tag(string signature, string name) =>
        signature.Split(';').Select(t => t.Trim()).Single(t => t.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
}
