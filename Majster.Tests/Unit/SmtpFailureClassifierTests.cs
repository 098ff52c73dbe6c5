using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Majster.Core.Email;
using Majster.Core.Offers;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class SmtpFailureClassifierTests
{
    [Theory]
    [InlineData(421, AttemptOutcome.TransientFailure)]
    [InlineData(450, AttemptOutcome.TransientFailure)]
    [InlineData(451, AttemptOutcome.TransientFailure)]
    [InlineData(452, AttemptOutcome.TransientFailure)]
    [InlineData(550, AttemptOutcome.PermanentFailure)]
    [InlineData(552, AttemptOutcome.PermanentFailure)]
    [InlineData(554, AttemptOutcome.PermanentFailure)]
    public void Classify_SortsSmtpRepliesByClass(int code, AttemptOutcome expected)
    {
        var error = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, (SmtpStatusCode)code, "reply");

        var result = SmtpFailureClassifier.Classify(error);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(code, result.SmtpStatusCode);
    }

    public static TheoryData<Exception> ConnectionTrouble => new()
    {
        new SocketException((int)SocketError.ConnectionRefused),
        new IOException("reset"),
        new TimeoutException(),
        new ServiceNotConnectedException(),
        new SmtpProtocolException("garbled"),
        new MailKit.Security.AuthenticationException("bad credentials"),
    };

    [Theory]
    [MemberData(nameof(ConnectionTrouble))]
    public void Classify_TreatsConnectionTimeoutAuthAndProtocolTroubleAsTransient(Exception error)
    {
        var result = SmtpFailureClassifier.Classify(error);

        Assert.Equal(AttemptOutcome.TransientFailure, result.Outcome);
        Assert.Null(result.SmtpStatusCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}
