using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Majster.Tests.Support;
using MimeKit;

namespace Majster.Tests.Integration;

/// <summary>The scripted SMTP server the engine's tests rely on answers as it is told.</summary>
[Trait("Category", "Integration")]
public sealed class SmtpTestServerTests : IAsyncLifetime
{
    private SmtpTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SmtpTestServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Send_IsAcceptedAndKept_WhenNothingIsScripted()
    {
        await SendAsync(Message("first"));

        var accepted = await _server.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("first", Assert.Single(accepted).Subject);
    }

    [Theory]
    [InlineData(421)]
    [InlineData(451)]
    [InlineData(550)]
    public async Task Send_FailsWithTheScriptedCode_ThenTheNextIsAccepted(int code)
    {
        _server.Script(SmtpReply.WithCode(code, "Scripted"));

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Message("refused")));
        await SendAsync(Message("accepted"));

        Assert.Equal(code, (int)error.StatusCode);
        Assert.Equal("accepted", Assert.Single(await _server.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(10))).Subject);
        Assert.Equal(2, _server.Attempts);
    }

    [Fact]
    public async Task Send_LosesTheConnection_WhenTheServerDropsIt()
    {
        _server.Script(SmtpReply.Drop);

        var error = await Record.ExceptionAsync(() => SendAsync(Message("dropped")));

        Assert.True(error is IOException or ServiceNotConnectedException or SmtpProtocolException, $"unexpected {error?.GetType()}");
        Assert.Empty(_server.Accepted);
    }

    [Fact]
    public async Task Send_TimesOut_WhenTheServerStalls()
    {
        _server.Script(SmtpReply.Stall);

        var error = await Record.ExceptionAsync(() => SendAsync(Message("stalled"), timeout: TimeSpan.FromSeconds(1)));

        Assert.IsType<TimeoutException>(error);
    }

    private async Task SendAsync(MimeMessage message, TimeSpan? timeout = null)
    {
        using var client = new SmtpClient { Timeout = (int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds };
        await client.ConnectAsync("127.0.0.1", _server.Port, SecureSocketOptions.None, TestContext.Current.CancellationToken);
        await client.SendAsync(message, TestContext.Current.CancellationToken);
        await client.DisconnectAsync(quit: true, TestContext.Current.CancellationToken);
    }

    private static MimeMessage Message(string subject) => new()
    {
        From = { MailboxAddress.Parse("office@majster.test") },
        To = { MailboxAddress.Parse("client@example.com") },
        Subject = subject,
        Body = new TextPart("plain") { Text = "Hello" },
    };
}
