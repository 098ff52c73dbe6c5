using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Majster.Core.Email;
using Majster.Core.Offers;

namespace Majster.Tests.Unit;

/// <summary>A failure's kind is set where it happens and stored as a code, never read back from the error's text.</summary>
[Trait("Category", "Unit")]
public sealed class FailureReasonTests
{
    public static TheoryData<Exception, FailureKind> Troubles => new()
    {
        { new SocketException((int)SocketError.ConnectionRefused), FailureKind.ServerUnreachable },
        { new IOException("reset"), FailureKind.ConnectionLost },
        { new TimeoutException(), FailureKind.Timeout },
        { new ServiceNotConnectedException(), FailureKind.ConnectionLost },
        { new SmtpProtocolException("garbled"), FailureKind.ConnectionLost },
        { new MailKit.Security.AuthenticationException("bad credentials"), FailureKind.Authentication },
        { new MailKit.Security.SslHandshakeException("certificate expired"), FailureKind.Tls },
        { new InvalidOperationException("something odd"), FailureKind.Other },
    };

    [Theory]
    [MemberData(nameof(Troubles))]
    public void TheSmtpSender_NamesTheKindOfWhatWentWrong(Exception trouble, FailureKind kind) =>
        Assert.Equal(new FailureReason(kind), SmtpFailureClassifier.Classify(trouble).Reason);

    [Theory]
    [InlineData(451, FailureKind.SmtpDeferred)]
    [InlineData(550, FailureKind.SmtpRejected)]
    public void AServersReply_IsItsClassWithItsCode(int code, FailureKind kind)
    {
        var reply = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, (SmtpStatusCode)code, "reply");

        Assert.Equal(new FailureReason(kind, code), SmtpFailureClassifier.Classify(reply).Reason);
    }

    [Fact]
    public void ADelivery_HasNoReason()
    {
        Assert.Null(DeliveryResult.Delivered.Reason);
    }

    [Theory]
    [InlineData(FailureKind.SmtpRejected, 550, "smtp_rejected:550")]
    [InlineData(FailureKind.SmtpDeferred, 421, "smtp_deferred:421")]
    [InlineData(FailureKind.OutboxNotWritable, null, "outbox_not_writable")]
    [InlineData(FailureKind.Interrupted, null, "interrupted")]
    public void TheCode_NamesTheKindAndTheSmtpCode_AndReadsBack(FailureKind kind, int? smtp, string code)
    {
        var reason = new FailureReason(kind, smtp);

        Assert.Equal(code, reason.Code);
        Assert.Equal(reason, FailureReason.FromCode(code));
    }

    [Fact]
    public void EveryKind_HasACodeThatReadsBack()
    {
        foreach (var kind in Enum.GetValues<FailureKind>())
        {
            Assert.Equal(new FailureReason(kind), FailureReason.FromCode(new FailureReason(kind).Code));
        }
    }

    [Fact]
    public void ByKind_SumsTheCounts_MostFrequentFirst()
    {
        (string, int)[] failures = [("outbox_not_writable", 2), ("smtp_rejected:550", 4), ("outbox_not_writable", 3), ("smtp_deferred:451", 1)];

        var kinds = OfferSendMetrics.ByKind(failures);

        Assert.Equal(
            [
                new FailureCount(new FailureReason(FailureKind.OutboxNotWritable), 5),
                new FailureCount(new FailureReason(FailureKind.SmtpRejected, 550), 4),
                new FailureCount(new FailureReason(FailureKind.SmtpDeferred, 451), 1),
            ],
            kinds);
    }
}
