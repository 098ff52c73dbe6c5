using Majster.Core.Offers;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class FailureReasonTests
{
    [Theory]
    [InlineData("SMTP 451: 4.7.1 Try again later", FailureKind.SmtpDeferred, 451)]
    [InlineData("Permanent failure: SMTP 550: 5.1.1 <jan@example.com>: Recipient address rejected", FailureKind.SmtpRejected, 550)]
    [InlineData("Max retries (3) exceeded. Last error: 421 4.4.2 Connection timed out", FailureKind.SmtpDeferred, 421)]
    [InlineData("Could not write /srv/majster/outbox/3f1c.eml: Is a directory", FailureKind.OutboxNotWritable, null)]
    [InlineData("Max retries (3) exceeded. Last error: Could not write /tmp/x/outbox/9a.eml: Could not find a part of the path", FailureKind.OutboxNotWritable, null)]
    [InlineData("DirectoryNotFoundException: Could not find a part of the path '/srv/outbox'.", FailureKind.OutboxNotWritable, null)]
    [InlineData("UnauthorizedAccessException: Access to the path '/srv/outbox' is denied.", FailureKind.OutboxNotWritable, null)]
    [InlineData("Could not reach the SMTP server: ConnectionRefused", FailureKind.ServerUnreachable, null)]
    [InlineData("Connection refused", FailureKind.ServerUnreachable, null)]
    [InlineData("The SMTP server did not answer in time.", FailureKind.Timeout, null)]
    [InlineData("SMTP authentication failed: 535: bad credentials", FailureKind.Authentication, null)]
    [InlineData("TLS handshake failed: certificate expired", FailureKind.Tls, null)]
    [InlineData("The SMTP connection was lost.", FailureKind.ConnectionLost, null)]
    [InlineData("SMTP protocol error: unexpected reply", FailureKind.ConnectionLost, null)]
    [InlineData("OfferEmailTemplateException: The offer e-mail template failed: NullReferenceException: …", FailureKind.Template, null)]
    [InlineData("Interrupted by shutdown; the message may or may not have been delivered.", FailureKind.Interrupted, null)]
    [InlineData("Delivery failed: InvalidOperationException: something odd", FailureKind.Other, null)]
    [InlineData("", FailureKind.Other, null)]
    public void Classify_SortsTheSystemsErrorTextsByKind(string error, FailureKind kind, int? code) =>
        Assert.Equal(new FailureReason(kind, code), FailureReason.Classify(error));

    [Fact]
    public void ByKind_SumsTextsThatDifferOnlyByPath_MostFrequentFirst()
    {
        ErrorCount[] texts =
        [
            new("Could not write /srv/outbox/a.eml: Is a directory", 2),
            new("Could not write /srv/outbox/b.eml: Is a directory", 3),
            new("SMTP 550: 5.1.1 <a@example.com> no such user", 4),
            new("SMTP 451: 4.7.1 greylisted", 1),
        ];

        var kinds = OfferSendMetrics.ByKind(texts);

        Assert.Equal(
            [
                new FailureCount(new FailureReason(FailureKind.OutboxNotWritable), 5),
                new FailureCount(new FailureReason(FailureKind.SmtpRejected, 550), 4),
                new FailureCount(new FailureReason(FailureKind.SmtpDeferred, 451), 1),
            ],
            kinds);
    }
}
